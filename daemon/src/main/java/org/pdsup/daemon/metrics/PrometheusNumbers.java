package org.pdsup.daemon.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Numbers in the form Prometheus' own Go libraries write them, where the form matters: a histogram's {@code le}
 * and a summary's {@code quantile} are label values, so {@code le="1.0E-4"} (Java's {@code Double.toString},
 * which Micrometer's Prometheus writer uses) and {@code le="0.0001"} are different series to Prometheus, and
 * only the second is what any other exporter, PromQL written for them, and Prometheus 3's normalisation of
 * these labels produce.
 *
 * <p>The canonical form is the OpenMetrics one of client_golang ({@code writeOpenMetricsFloat}): Go's
 * {@code strconv.FormatFloat(v, 'g', -1, 64)} (shortest digits; exponent form below 1e-4 and from 1e6 on, as
 * {@code 1e-05}, {@code 1e+06}), with {@code .0} added to a value that has neither a point nor an exponent
 * ({@code 1.0}, {@code 2.5}, {@code 0.0001}, {@code 100000.0}), and {@code +Inf}, {@code -Inf}, {@code NaN}.
 * pdsup writes it in both the text format and OpenMetrics, so a series keeps its identity whichever format
 * Prometheus negotiates. The digits are those of {@code Double.toString}, which round-trip; on Java 17 that is
 * the shortest form for every value pdsup uses as a bucket.
 */
final class PrometheusNumbers {
    private PrometheusNumbers() {}

    /** {@code v} as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} writes it (finite values). */
    static String goFloat(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return "0";                                 // -0 too, as Go's v == 0 test
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();              // decimal exponent of the first digit
        StringBuilder b = new StringBuilder(24);
        if (v < 0) b.append('-');
        if (exp < -4 || exp >= 6) {                              // Go: shortest 'g' uses %e outside [-4, 6)
            b.append(digits.charAt(0));
            if (digits.length() > 1) b.append('.').append(digits, 1, digits.length());
            b.append('e').append(exp < 0 ? '-' : '+');
            int abs = Math.abs(exp);
            if (abs < 10) b.append('0');
            b.append(abs);
        } else {
            b.append(d.toPlainString());
        }
        return b.toString();
    }

    /** The canonical label value of {@code v}: {@link #goFloat} with {@code .0} for a whole number. */
    static String labelValue(double v) {
        String g = goFloat(v);
        if (Double.isNaN(v) || Double.isInfinite(v)) return g;
        return g.indexOf('.') < 0 && g.indexOf('e') < 0 ? g + ".0" : g;
    }

    /**
     * Writes {@code text} (an exposition in either format) to {@code out} with every {@code le} and
     * {@code quantile} label value in the canonical form; comment lines and other labels are copied as they are.
     */
    static void writeCanonical(byte[] text, int length, OutputStream out) throws IOException {
        int copied = 0;
        boolean lineStart = true;
        boolean comment = false;
        for (int i = 0; i < length; i++) {
            byte c = text[i];
            if (lineStart) comment = c == '#';
            lineStart = c == '\n';
            if (comment || (c != '{' && c != ',')) continue;
            int valueStart = labelValueStart(text, length, i + 1);
            if (valueStart < 0) continue;
            int valueEnd = valueStart;
            while (valueEnd < length && text[valueEnd] != '"' && text[valueEnd] != '\n') valueEnd++;
            if (valueEnd >= length || text[valueEnd] != '"') continue;
            String value = new String(text, valueStart, valueEnd - valueStart, StandardCharsets.US_ASCII);
            String canonical = canonical(value);
            if (canonical.equals(value)) continue;
            out.write(text, copied, valueStart - copied);
            out.write(canonical.getBytes(StandardCharsets.US_ASCII));
            copied = valueEnd;
            i = valueEnd - 1;
        }
        out.write(text, copied, length - copied);
    }

    private static final byte[] LE = "le=\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUANTILE = "quantile=\"".getBytes(StandardCharsets.US_ASCII);

    /** Where the value starts when a {@code le} or {@code quantile} label starts at {@code at}, else -1. */
    private static int labelValueStart(byte[] text, int length, int at) {
        if (startsWith(text, length, at, LE)) return at + LE.length;
        if (startsWith(text, length, at, QUANTILE)) return at + QUANTILE.length;
        return -1;
    }

    private static boolean startsWith(byte[] text, int length, int at, byte[] prefix) {
        if (at + prefix.length > length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (text[at + i] != prefix[i]) return false;
        }
        return true;
    }

    /** The canonical form of a label value holding a number; anything that is not a number is kept. */
    static String canonical(String value) {
        switch (value) {
            case "+Inf", "-Inf", "NaN" -> {
                return value;
            }
            default -> {
                try {
                    return labelValue(Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    return value;
                }
            }
        }
    }
}
