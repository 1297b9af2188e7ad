package org.pdsup.pdctl;

/** Parses the durations of the command line: 500ms, 10s, 2m, 1h; a bare number is seconds. */
final class Durations {
    private Durations() {}

    static long parseMillis(String text, String option) throws UsageException {
        String s = text.trim();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (i == 0 || i > 12) throw invalid(text, option);
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i);
        long factor;
        switch (unit) {
            case "ms": factor = 1; break;
            case "": case "s": factor = 1000; break;
            case "m": factor = 60_000; break;
            case "h": factor = 3_600_000; break;
            default: throw invalid(text, option);
        }
        return n * factor;
    }

    private static UsageException invalid(String text, String option) {
        return new UsageException("invalid duration '" + text + "' for " + option + " (use e.g. 500ms, 10s, 2m, 1h)");
    }
}
