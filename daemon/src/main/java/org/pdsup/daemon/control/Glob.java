package org.pdsup.daemon.control;

import java.util.HashMap;
import java.util.Map;

/**
 * A service-name glob ({@code *} any run of characters, {@code ?} one character, everything else literal),
 * matched in time linear in the name: the pattern is a small automaton whose set of live positions is kept
 * as a bit set and advanced once per character of the name (Shift-And). There is no backtracking, so no
 * pattern can make a match slower than {@code name.length() * ceil(pattern.length() / 64)} word operations:
 * the regex the supervisor used before backtracked exponentially on {@code "************x"}.
 */
final class Glob {
    /** The longest glob a request may carry (service names have at most 64 characters). */
    static final int MAX_CHARS = 256;

    private final String text;
    /** Pattern positions 0..m-1; bit i of a state = "the first i pattern characters are matched". */
    private final int m;
    private final int words;
    private final long[] starAt;
    private final long[] anyAt;
    private final Map<Character, long[]> literalAt = new HashMap<>();

    private Glob(String text, String collapsed) {
        this.text = text;
        this.m = collapsed.length();
        this.words = (m + 1 + 63) / 64;
        this.starAt = new long[words];
        this.anyAt = new long[words];
        for (int i = 0; i < m; i++) {
            char c = collapsed.charAt(i);
            if (c == '*') set(starAt, i);
            else if (c == '?') set(anyAt, i);
            else set(literalAt.computeIfAbsent(c, k -> new long[words]), i);
        }
    }

    /** Whether {@code s} contains a wildcard; otherwise it names one service exactly. */
    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    /** @throws IllegalArgumentException when the pattern is longer than {@link #MAX_CHARS} */
    static Glob compile(String pattern) {
        if (pattern.length() > MAX_CHARS) {
            throw new IllegalArgumentException("glob '" + pattern.substring(0, 32) + "…' has " + pattern.length()
                    + " characters; at most " + MAX_CHARS + " are allowed");
        }
        StringBuilder collapsed = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            // "**" means what "*" means; collapsing keeps the empty-match closure a single step
            if (c == '*' && collapsed.length() > 0 && collapsed.charAt(collapsed.length() - 1) == '*') continue;
            collapsed.append(c);
        }
        return new Glob(pattern, collapsed.toString());
    }

    boolean matches(String name) {
        long[] state = new long[words];
        long[] next = new long[words];
        set(state, 0);
        closeOverStars(state);
        for (int k = 0; k < name.length(); k++) {
            long[] lit = literalAt.get(name.charAt(k));
            boolean alive = false;
            long carry = 0;
            for (int w = 0; w < words; w++) {
                long s = state[w];
                long advancing = s & (anyAt[w] | (lit == null ? 0 : lit[w]));
                long shifted = (advancing << 1) | carry;
                carry = advancing >>> 63;
                next[w] = shifted | (s & starAt[w]);
                alive |= next[w] != 0;
            }
            if (!alive) return false;
            long[] t = state;
            state = next;
            next = t;
            closeOverStars(state);
        }
        return (state[m >>> 6] & (1L << (m & 63))) != 0;
    }

    /** A star may match nothing: position i live and pattern[i] == '*' makes i + 1 live (stars never repeat). */
    private void closeOverStars(long[] state) {
        long carry = 0;
        for (int w = 0; w < words; w++) {
            long skipping = state[w] & starAt[w];
            long add = (skipping << 1) | carry;
            carry = skipping >>> 63;
            state[w] |= add;
        }
    }

    private static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << (i & 63);
    }

    @Override
    public String toString() {
        return text;
    }
}
