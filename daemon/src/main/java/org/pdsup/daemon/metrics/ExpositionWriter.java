package org.pdsup.daemon.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes metric families in the Prometheus text format 0.0.4 or in OpenMetrics 1.0, for the families pdsup
 * computes itself (counters and gauges with labels). What differs between the two formats is handled here:
 * the order of {@code # TYPE} and {@code # HELP}, the counter family name ({@code x_total} in the text
 * format, {@code x} in OpenMetrics, whose samples are {@code x_total}; a histogram's samples are
 * {@code x_bucket}, {@code x_sum} and {@code x_count} in both), {@code # UNIT} (OpenMetrics only) and
 * the escaping of help text ({@code "} is escaped in OpenMetrics only). Label values are escaped the same way
 * in both ({@code \\}, {@code \"}, {@code \n}). The caller writes {@code # EOF} (OpenMetrics) itself.
 */
final class ExpositionWriter {

    enum Type { COUNTER, GAUGE, HISTOGRAM }

    private final ExpositionFormat format;
    private final StringBuilder b;

    ExpositionWriter(ExpositionFormat format, int expectedChars) {
        this.format = format;
        this.b = new StringBuilder(expectedChars);
    }

    /**
     * Starts a family. {@code name} is the family name without {@code _total}; {@code unit} (may be null) is
     * its unit, which {@code name} must end with.
     */
    void family(String name, Type type, String unit, String help) {
        boolean om = format == ExpositionFormat.OPENMETRICS;
        String typeName = switch (type) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case HISTOGRAM -> "histogram";
        };
        String headerName = type == Type.COUNTER && !om ? name + "_total" : name;
        if (om) {
            b.append("# TYPE ").append(headerName).append(' ').append(typeName).append('\n');
            if (unit != null) b.append("# UNIT ").append(headerName).append(' ').append(unit).append('\n');
            b.append("# HELP ").append(headerName).append(' ');
            escape(help, true);
            b.append('\n');
        } else {
            b.append("# HELP ").append(headerName).append(' ');
            escape(help, false);
            b.append('\n');
            b.append("# TYPE ").append(headerName).append(' ').append(typeName).append('\n');
        }
    }

    /** One sample: {@code sampleName} is the full name ({@code x_total} for a counter); labels as name, value pairs. */
    void sample(String sampleName, double value, String... labels) {
        b.append(sampleName);
        if (labels.length > 0) {
            b.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) b.append(',');
                b.append(labels[i]).append("=\"");
                escape(labels[i + 1], true);
                b.append('"');
            }
            b.append('}');
        }
        b.append(' ');
        number(value);
        b.append('\n');
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    int length() {
        return b.length();
    }

    private void number(double v) {
        if (Double.isNaN(v)) {
            b.append("NaN");
        } else if (Double.isInfinite(v)) {
            b.append(v > 0 ? "+Inf" : "-Inf");
        } else if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
            b.append((long) v);
        } else {
            b.append(PrometheusNumbers.goFloat(v));              // 0.0001, not Java's 1.0E-4
        }
    }

    /** Escapes backslash and newline, and the double quote when {@code quote} (label values; OpenMetrics help). */
    private void escape(String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '"' -> b.append(quote ? "\\\"" : "\"");
                default -> b.append(c);
            }
        }
    }
}
