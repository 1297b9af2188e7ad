package org.pdsup.pdctl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * pdctl's JSON writer (issue 22): its requests and its --json output, compact on one line, as
 * {@code org.pdsup.protocol.json.JsonWriter} writes them (the same escapes: {@code \"}, {@code \\}, {@code \b},
 * {@code \f}, {@code \n}, {@code \r}, {@code \t}, and {@code &#92;uXXXX} with capital hex digits for the other
 * control characters and for surrogates, as jackson does without COMBINE_UNICODE_SURROGATES_IN_UTF8; other
 * characters as UTF-8; doubles as {@link Double#toString}, non-finite ones as {@code null}). Written by hand so
 * that pdctl loads no jackson-core classes (docs/architecture.md, "pdctl's JSON").
 */
final class FrameWriter {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FrameWriter() {}

    /** The value as one line of JSON, without a newline. */
    static String toJson(Object value) {
        StringBuilder sb = new StringBuilder(128);
        append(sb, value);
        return sb.toString();
    }

    /** Writes the value as UTF-8 JSON (no newline) to {@code out}. */
    static void write(Object value, ByteArrayOutputStream out) {
        byte[] b = toJson(value).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }

    private static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                append(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                append(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof CharSequence) {
            string(sb, v.toString());
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            sb.append(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) sb.append(d);
            else sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue() ? "true" : "false");
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || Character.isSurrogate(c)) unicode(sb, c);
                    else sb.append(c);
            }
        }
        sb.append('"');
    }

    private static void unicode(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
