package dev.blazen.llm.prompt;

import java.util.Comparator;

/**
 * Orders version labels so that "latest" means what people expect: numeric segments compare as numbers ("10" after
 * "9", "1.10" after "1.9"), other segments as text, and a template without a version comes before any version.
 */
final class VersionOrder implements Comparator<String> {

    static final VersionOrder INSTANCE = new VersionOrder();

    private VersionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        String[] left = a.split("[.\\-_]");
        String[] right = b.split("[.\\-_]");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order = compareSegment(left[i], right[i]);
            if (order != 0) {
                return order;
            }
        }
        int order = Integer.compare(left.length, right.length);
        return order != 0 ? order : a.compareTo(b);
    }

    private static int compareSegment(String a, String b) {
        boolean numericA = !a.isEmpty() && a.chars().allMatch(Character::isDigit);
        boolean numericB = !b.isEmpty() && b.chars().allMatch(Character::isDigit);
        if (numericA && numericB) {
            String x = a.replaceFirst("^0+(?=.)", "");
            String y = b.replaceFirst("^0+(?=.)", "");
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        if (numericA != numericB) {
            return numericA ? 1 : -1;
        }
        return a.compareTo(b);
    }
}
