package org.pdsup.protocol.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Parses one JSON document into a small tree: {@link Map} (insertion-ordered), {@link List}, {@link String},
 * {@link Long}, {@link Double}, {@link Boolean} and {@code null}, over jackson-core's streaming parser.
 * The input must be strict UTF-8. Integers must fit in 64 bits; floating-point numbers must be finite; duplicate field names, trailing data and
 * nesting deeper than {@link JsonLimits#maxDepth()} are rejected. Thread-safe.
 */
public final class JsonReader {
    private final JsonFactory factory;
    private final JsonLimits limits;
    private final boolean trusted;

    /**
     * A reader for input from anyone (the daemon reading requests). Field names are not canonicalised, so
     * hostile names cannot fill jackson's shared symbol table; jackson then decodes through a char reader.
     */
    public JsonReader(JsonLimits limits) {
        this(limits, false);
    }

    /**
     * A reader for input from a peer the caller trusts as much as itself (a Java client reading the daemon's
     * answers; pdctl itself parses with its own FrameParser, to stay off jackson at start-up):
     * jackson's byte-level UTF-8 parser with its field-name table, and no separate UTF-8 and NUL scan (jackson
     * decodes UTF-8 itself) - measurably faster on a cold JVM for a large {@code status}. Depth, number and
     * duplicate-name limits still apply.
     */
    public static JsonReader forTrustedPeer(JsonLimits limits) {
        return new JsonReader(limits, true);
    }

    private JsonReader(JsonLimits limits, boolean canonicalizeNames) {
        this.limits = limits;
        this.trusted = canonicalizeNames;
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .configure(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES, canonicalizeNames)
                .streamReadConstraints(StreamReadConstraints.builder()
                        // one more than ours, so our own clearer message is the one that fires
                        .maxNestingDepth(limits.maxDepth() + 1)
                        .maxNumberLength(limits.maxNumberChars())
                        .maxStringLength(limits.maxStringChars())
                        .maxNameLength(limits.maxStringChars())
                        .build())
                .build();
    }

    public JsonLimits limits() {
        return limits;
    }

    /** Parses {@code length} bytes of UTF-8 starting at {@code offset}. */
    public Object parse(byte[] data, int offset, int length) throws JsonSyntaxException {
        if (!trusted) checkBytes(data, offset, length);
        try (JsonParser p = factory.createParser(data, offset, length)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new JsonSyntaxException("empty document");
            Object root = readValue(p, first, 0);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new JsonSyntaxException("unexpected data after the JSON value at column "
                        + p.currentTokenLocation().getColumnNr());
            }
            return root;
        } catch (JsonParseException e) {
            throw new JsonSyntaxException(describe(e));
        } catch (JsonProcessingException e) {
            throw new JsonSyntaxException(describe(e));
        } catch (IOException e) {
            // byte-array input: only malformed content ends up here (e.g. a bad UTF-8 sequence)
            throw new JsonSyntaxException("unreadable JSON: " + e.getMessage());
        }
    }

    /**
     * Strict UTF-8 (jackson checks it only partly: it accepts some bad continuation bytes inside strings), and
     * no NUL: JSON never holds a raw one, and refusing it stops jackson from taking the bytes for UTF-16/32.
     */
    private static void checkBytes(byte[] data, int offset, int length) throws JsonSyntaxException {
        int bad = org.pdsup.protocol.Utf8.firstInvalid(data, offset, length);
        if (bad >= 0) throw new JsonSyntaxException("invalid UTF-8 at byte " + bad);
        for (int i = offset, end = offset + length; i < end; i++) {
            if (data[i] == 0) throw new JsonSyntaxException("NUL byte at offset " + (i - offset) + " (JSON text is UTF-8)");
        }
    }

    public Object parse(byte[] data) throws JsonSyntaxException {
        return parse(data, 0, data.length);
    }

    private Object readValue(JsonParser p, JsonToken t, int depth) throws IOException, JsonSyntaxException {
        switch (t) {
            case START_OBJECT: {
                checkDepth(p, depth + 1);
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, readValue(p, p.nextToken(), depth + 1));
                }
                if (k != JsonToken.END_OBJECT) throw new JsonSyntaxException("unterminated object");
                return map;
            }
            case START_ARRAY: {
                checkDepth(p, depth + 1);
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) throw new JsonSyntaxException("unterminated array");
                    list.add(readValue(p, e, depth + 1));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new JsonSyntaxException("integer " + abbreviate(p.getText())
                            + " at column " + p.currentTokenLocation().getColumnNr() + " does not fit in 64 bits");
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT: {
                double d = p.getDoubleValue();
                if (Double.isInfinite(d) || Double.isNaN(d)) {
                    throw new JsonSyntaxException("number " + abbreviate(p.getText()) + " at column "
                            + p.currentTokenLocation().getColumnNr() + " is out of range");
                }
                return d;
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonSyntaxException("unexpected " + t + " at column "
                        + p.currentTokenLocation().getColumnNr());
        }
    }

    private void checkDepth(JsonParser p, int depth) throws JsonSyntaxException {
        if (depth > limits.maxDepth()) {
            throw new JsonSyntaxException("nesting deeper than " + limits.maxDepth() + " levels at column "
                    + p.currentTokenLocation().getColumnNr());
        }
    }

    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (msg == null) msg = e.getClass().getSimpleName();
        int nl = msg.indexOf('\n');
        if (nl >= 0) msg = msg.substring(0, nl);
        msg = abbreviate(msg);
        if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
            return "invalid JSON at column " + e.getLocation().getColumnNr() + ": " + msg;
        }
        return "invalid JSON: " + msg;
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 157) + "...";
    }
}
