package dev.blazen.catalog;

import java.util.Comparator;
import java.util.Locale;
import java.util.Set;

import org.apache.camel.catalog.SuggestionStrategy;

/**
 * "Did you mean" for unknown option names: camel-catalog only suggests when given a strategy, and a misspelled
 * option is the mistake this module exists to catch, so the message should name the intended option.
 */
final class CloseOptionNames implements SuggestionStrategy {

    @Override
    public String[] suggestEndpointOptions(Set<String> names, String unknownOption) {
        String wanted = unknownOption.toLowerCase(Locale.ROOT);
        // a typo costs about one edit per three letters before a suggestion stops being a plausible fix
        int limit = Math.max(1, Math.min(3, wanted.length() / 3));
        String[] close = names.stream()
                .filter(name -> distance(name.toLowerCase(Locale.ROOT), wanted) <= limit)
                .sorted(Comparator.comparingInt((String name) -> distance(name.toLowerCase(Locale.ROOT), wanted))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(3)
                .toArray(String[]::new);
        return close.length == 0 ? null : close;
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
