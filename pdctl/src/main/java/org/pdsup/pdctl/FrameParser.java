package org.pdsup.pdctl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonSyntaxException;

/**
 * pdctl's reader of the daemon's frames (issue 22): one JSON document (RFC 8259) from UTF-8 bytes into the tree
 * {@code org.pdsup.protocol.json.JsonReader} makes ({@link LinkedHashMap}, {@link ArrayList}, {@link String},
 * {@link Long}, {@link Double}, {@link Boolean}, {@code null}), with its limits: depth, number length, string
 * length, integers within 64 bits, finite numbers, no duplicate field names, nothing after the value. Written
 * by hand because jackson-core cost pdctl more to load and initialise than this costs to parse a whole
 * {@code status} of 1,000 services (docs/architecture.md, "pdctl's JSON"). The peer is pdsupd, which writes
 * valid UTF-8; bytes that are not are decoded as U+FFFD, never refused.
 */
final class FrameParser {
    private final JsonLimits limits;
    private byte[] in;
    private int pos;
    private int end;
    private int base;

    FrameParser(JsonLimits limits) {
        this.limits = limits;
    }

    /** Parses {@code length} bytes from {@code offset}. */
    Object parse(byte[] data, int offset, int length) throws JsonSyntaxException {
        in = data;
        pos = offset;
        base = offset;
        end = offset + length;
        try {
            skipSpace();
            if (pos >= end) throw error("empty document");
            Object v = value(0);
            skipSpace();
            if (pos < end) throw error("unexpected data after the JSON value");
            return v;
        } finally {
            in = null;
        }
    }

    private Object value(int depth) throws JsonSyntaxException {
        if (pos >= end) throw error("unexpected end of input");
        byte b = in[pos];
        switch (b) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (b == '-' || (b >= '0' && b <= '9')) return number();
                throw error("unexpected character '" + (char) (b & 0xff) + "'");
        }
    }

    private Map<String, Object> object(int depth) throws JsonSyntaxException {
        checkDepth(depth);
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (pos < end && in[pos] == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (pos >= end || in[pos] != '"') throw error("expected a field name");
            int at = pos;
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (map.containsKey(name)) {
                pos = at;
                throw error("duplicate field '" + name + "'");
            }
            map.put(name, value(depth));
            skipSpace();
            if (pos >= end) throw error("unterminated object");
            byte b = in[pos++];
            if (b == '}') return map;
            if (b != ',') throw error("expected ',' or '}' in an object");
        }
    }

    private List<Object> array(int depth) throws JsonSyntaxException {
        checkDepth(depth);
        pos++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (pos < end && in[pos] == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value(depth));
            skipSpace();
            if (pos >= end) throw error("unterminated array");
            byte b = in[pos++];
            if (b == ']') return list;
            if (b != ',') throw error("expected ',' or ']' in an array");
        }
    }

    private String string() throws JsonSyntaxException {
        int start = ++pos;
        while (pos < end) { // the common case: no escapes, one decode of the bytes as they are
            byte b = in[pos];
            if (b == '"') {
                String s = new String(in, start, pos - start, StandardCharsets.UTF_8);
                pos++;
                return checkLength(s);
            }
            if (b == '\\') break;
            if (b >= 0 && b < 0x20) throw error("control character in a string");
            pos++;
        }
        if (pos >= end) throw error("unterminated string");
        StringBuilder sb = new StringBuilder(new String(in, start, pos - start, StandardCharsets.UTF_8));
        int run = pos;
        while (pos < end) {
            byte b = in[pos];
            if (b == '"' || b == '\\') {
                sb.append(new String(in, run, pos - run, StandardCharsets.UTF_8));
                if (b == '"') {
                    pos++;
                    return checkLength(sb.toString());
                }
                escape(sb);
                run = pos;
                continue;
            }
            if (b >= 0 && b < 0x20) throw error("control character in a string");
            pos++;
        }
        throw error("unterminated string");
    }

    private void escape(StringBuilder sb) throws JsonSyntaxException {
        if (pos + 1 >= end) throw error("unterminated string");
        byte e = in[pos + 1];
        pos += 2;
        switch (e) {
            case '"': sb.append('"'); return;
            case '\\': sb.append('\\'); return;
            case '/': sb.append('/'); return;
            case 'b': sb.append('\b'); return;
            case 'f': sb.append('\f'); return;
            case 'n': sb.append('\n'); return;
            case 'r': sb.append('\r'); return;
            case 't': sb.append('\t'); return;
            case 'u':
                if (pos + 4 > end) throw error("unterminated \\u escape");
                int c = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(in[pos + i], 16);
                    if (d < 0) throw error("bad \\u escape");
                    c = c * 16 + d;
                }
                pos += 4;
                sb.append((char) c);
                return;
            default:
                pos -= 2;
                throw error("bad escape '\\" + (char) (e & 0xff) + "'");
        }
    }

    private Object number() throws JsonSyntaxException {
        int start = pos;
        if (in[pos] == '-') pos++;
        if (pos >= end || !digit(in[pos])) throw error("bad number");
        if (in[pos] == '0') pos++;
        else while (pos < end && digit(in[pos])) pos++;
        boolean integral = true;
        if (pos < end && in[pos] == '.') {
            integral = false;
            pos++;
            if (pos >= end || !digit(in[pos])) throw error("bad number");
            while (pos < end && digit(in[pos])) pos++;
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            integral = false;
            pos++;
            if (pos < end && (in[pos] == '+' || in[pos] == '-')) pos++;
            if (pos >= end || !digit(in[pos])) throw error("bad number");
            while (pos < end && digit(in[pos])) pos++;
        }
        int length = pos - start;
        if (length > limits.maxNumberChars()) {
            pos = start;
            throw error("number longer than " + limits.maxNumberChars() + " characters");
        }
        if (integral && length <= 18) return parseLong(start, length);
        String text = new String(in, start, length, StandardCharsets.ISO_8859_1);
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("integer " + text + " does not fit in 64 bits");
            }
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            pos = start;
            throw error("number " + text + " is out of range");
        }
        return d;
    }

    /** Up to 18 digits (with a sign) always fit in a long: no String, no exception path. */
    private long parseLong(int start, int length) {
        int i = start;
        boolean negative = in[i] == '-';
        if (negative) i++;
        long v = 0;
        for (int e = start + length; i < e; i++) v = v * 10 + (in[i] - '0');
        return negative ? -v : v;
    }

    private Object literal(String word, Object value) throws JsonSyntaxException {
        int n = word.length();
        if (pos + n > end) throw error("unexpected end of input");
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) throw error("unexpected character '" + (char) (in[pos] & 0xff) + "'");
        }
        pos += n;
        return value;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private void skipSpace() {
        while (pos < end) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return;
            pos++;
        }
    }

    private void expect(char c) throws JsonSyntaxException {
        if (pos >= end || in[pos] != c) throw error("expected '" + c + "'");
        pos++;
    }

    private void checkDepth(int depth) throws JsonSyntaxException {
        if (depth > limits.maxDepth()) throw error("nesting deeper than " + limits.maxDepth() + " levels");
    }

    private String checkLength(String s) throws JsonSyntaxException {
        if (s.length() > limits.maxStringChars()) {
            throw error("string longer than " + limits.maxStringChars() + " characters");
        }
        return s;
    }

    private JsonSyntaxException error(String what) {
        return new JsonSyntaxException(what + " at byte " + (pos - base));
    }
}
