package org.pdsup.pdctl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** "Did you mean …?" for a mistyped command, state or service name: the known words closest to it. */
final class Suggest {
    private Suggest() {}

    /**
     * The candidates within a small edit distance of {@code word} (a third of its length, at least one; a
     * swap of two neighbours counts once), or that start with it; only the closest ones, at most three.
     */
    static List<String> closest(String word, Collection<String> candidates) {
        int limit = Math.max(1, word.length() / 3);
        List<String> out = new ArrayList<>();
        List<Integer> dist = new ArrayList<>();
        for (String c : candidates) {
            if (c.equals(word)) continue;
            int d = distance(word, c);
            if (d > limit && !(word.length() >= 2 && c.startsWith(word))) continue;
            int at = 0;
            while (at < dist.size() && dist.get(at) <= d) at++;
            out.add(at, c);
            dist.add(at, d);
        }
        int n = 0;
        while (n < out.size() && n < 3 && dist.get(n).equals(dist.get(0))) n++;
        return out.subList(0, n);
    }

    /** " (did you mean 'start'?)", or "" when nothing is close. */
    static String hint(String word, Collection<String> candidates) {
        String q = question(word, candidates);
        return q.isEmpty() ? "" : " (" + q + ")";
    }

    /** "did you mean 'start'?", "did you mean 'web' or 'web2'?", or "" when nothing is close. */
    static String question(String word, Collection<String> candidates) {
        List<String> c = closest(word, candidates);
        if (c.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("did you mean ");
        for (int i = 0; i < c.size(); i++) {
            if (i > 0) sb.append(i == c.size() - 1 ? " or " : ", ");
            sb.append('\'').append(c.get(i)).append('\'');
        }
        return sb.append('?').toString();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
