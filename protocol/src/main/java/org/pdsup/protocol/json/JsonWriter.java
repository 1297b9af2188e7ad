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

    /**
     * The object that {@code fields} writes, encoded as {@link #toBytes(Object)} encodes a {@link Map} with the same
     * entries in the same order, but without building the map and boxing its values: for JSON written often (an
     * event per transition).
     */
    public byte[] toBytes(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            fields.write(new Out(g));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the members of one JSON object to {@link Out}. */
    @FunctionalInterface
    public interface Fields {
        void write(Out out) throws IOException;
    }

    /** The members of an object being written, each as {@link #toBytes(Object)} writes that value in a map. */
    public static final class Out {
        private final JsonGenerator g;

        private Out(JsonGenerator g) {
            this.g = g;
        }

        public Out field(String name, long value) throws IOException {
            g.writeFieldName(name);
            g.writeNumber(value);
            return this;
        }

        /** A non-finite value becomes {@code null}. */
        public Out field(String name, double value) throws IOException {
            g.writeFieldName(name);
            if (Double.isFinite(value)) g.writeNumber(value);
            else g.writeNull();
            return this;
        }

        public Out field(String name, boolean value) throws IOException {
            g.writeFieldName(name);
            g.writeBoolean(value);
            return this;
        }

        /** A null value is written as {@code null}. */
        public Out field(String name, String value) throws IOException {
            g.writeFieldName(name);
            if (value == null) g.writeNull();
            else g.writeString(value);
            return this;
        }

        /** A nested object, or {@code null} when {@code fields} is null. */
        public Out object(String name, Fields fields) throws IOException {
            g.writeFieldName(name);
            if (fields == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                fields.write(this);
                g.writeEndObject();
            }
            return this;
        }
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
