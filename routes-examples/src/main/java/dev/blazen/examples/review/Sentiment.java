package dev.blazen.examples.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small keyword classifier, so the example runs offline and gives the same answer every time. A real
 * application would call {@code blazen:complete} or {@code blazen:infer} in the classify step instead.
 */
public final class Sentiment {

    private static final Set<String> PROBLEMS = Set.of("bad", "broken", "damaged", "slow", "late", "refund", "rude",
            "missing", "terrible", "awful", "poor", "worst", "disappointed", "never");

    /** Problems that make a complaint urgent on their own. */
    private static final Set<String> URGENT = Set.of("broken", "damaged", "refund", "never", "worst");

    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    private Sentiment() {
    }

    /** The problem words in the text, in order of appearance, each once. */
    public static List<String> issues(String text) {
        List<String> found = new ArrayList<>();
        Matcher words = WORD.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
        while (words.find()) {
            String word = words.group();
            if (PROBLEMS.contains(word) && !found.contains(word)) {
                found.add(word);
            }
        }
        return found;
    }

    public static boolean isNegative(String text) {
        return !issues(text).isEmpty();
    }

    /** HIGH when an urgent problem is named or several problems are, LOW otherwise. */
    public static String severity(List<String> issues) {
        boolean urgent = issues.stream().anyMatch(URGENT::contains);
        return urgent || issues.size() > 1 ? "HIGH" : "LOW";
    }
}
