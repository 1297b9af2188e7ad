package org.pdsup.protocol.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes a tree of {@link Map}, {@link List}, {@link CharSequence}, integral {@link Number}s, {@link Double}
 * / {@link Float}, {@link Boolean}, {@code null} and {@link RawJson} (copied as it is) as compact UTF-8 JSON on one line (control characters in
 * strings are escaped, so the output never contains a newline). Non-finite doubles become {@code null}.
 * Thread-safe.
 */
public final class JsonWriter {
    private final JsonFactory factory = JsonFactory.builder().build();

    /** The encoded value, without a trailing newline. */
    public byte[] toBytes(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(value, out);
        return out.toByteArray();
    }

    public String toJson(Object value) {
        return new String(toBytes(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes the value (no newline) to {@code out}. */
    public void write(Object value, OutputStream out) {
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List) {
            g.writeStartArray();
            for (Object o : (List<?>) v) writeValue(g, o);
            g.writeEndArray();
        } else if (v instanceof CharSequence) {
            g.writeString(v.toString());
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) g.writeNumber(d);
            else g.writeNull();
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof RawJson) {
            g.writeRawValue(((RawJson) v).serialized());
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }
}
