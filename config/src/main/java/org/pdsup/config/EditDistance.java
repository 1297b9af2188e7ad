package org.pdsup.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean": the closest candidate by Levenshtein distance, if it is close enough to be a typo. */
final class EditDistance {
    private EditDistance() {}

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
    static int between(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** The candidate nearest to {@code word}, when at most 2 edits (and less than half the word) away. */
    static Optional<String> suggest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = word.toLowerCase(java.util.Locale.ROOT);
        for (String c : candidates) {
            String lc = c.toLowerCase(java.util.Locale.ROOT);
            // The distance is at least the difference in length, and more than 2 is never suggested: skipping
            // those keeps a typo among 10,000 service names from costing 10,000 full comparisons.
            if (Math.abs(lc.length() - w.length()) > 2) continue;
            int d = between(w, lc);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null) return Optional.empty();
        return bestDistance <= 2 && bestDistance * 2 < Math.max(word.length(), 2) ? Optional.of(best) : Optional.empty();
    }

    /** {@code " (did you mean \"x\"?)"} or the empty string. */
    static String hint(String word, Collection<String> candidates) {
        return suggest(word, candidates).map(s -> " (did you mean \"" + s + "\"?)").orElse("");
    }
}
