package org.pdsup.daemon.metrics;

import java.util.Locale;

/**
 * The two text formats a scrape can be written in, chosen from the scraper's {@code Accept} header: the
 * Prometheus text format 0.0.4 by default, OpenMetrics 1.0 when the header lists
 * {@code application/openmetrics-text} with a non-zero quality (Prometheus 2.x asks for it first).
 */
public enum ExpositionFormat {
    PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

    private final String contentType;

    ExpositionFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The {@code Content-Type} of a response in this format. */
    public String contentType() {
        return contentType;
    }

    /** The format for an {@code Accept} header; null, empty or anything else gives the Prometheus text format. */
    public static ExpositionFormat forAccept(String accept) {
        if (accept == null || accept.isBlank()) return PROMETHEUS_TEXT;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            if (!type.equals("application/openmetrics-text")) continue;
            if (quality(parts) > 0) return OPENMETRICS;
        }
        return PROMETHEUS_TEXT;
    }

    private static double quality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String p = parameters[i].strip();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    return Double.parseDouble(p.substring(2).strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
