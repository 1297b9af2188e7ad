package org.pdsup.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;
import org.pdsup.protocol.json.JsonSyntaxException;

/**
 * Turns one frame into a {@link Request}, or a {@link ProtocolException} whose message names the field
 * and what was wrong with it. Unknown fields are refused so a typo ("service" for "services") is not
 * silently ignored. Thread-safe.
 */
public final class RequestParser {
    private static final int MAX_NAME_CHARS = 1024;
    private final JsonReader reader;

    public RequestParser() {
        this(new JsonReader(JsonLimits.PROTOCOL));
    }

    public RequestParser(JsonReader reader) {
        this.reader = reader;
    }

    /** Parses a frame of UTF-8 bytes (no newline). */
    public Request parse(byte[] data, int offset, int length) throws ProtocolException {
        int bad = Utf8.firstInvalid(data, offset, length);
        if (bad >= 0) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "request is not valid UTF-8 (bad byte 0x" + Integer.toHexString(data[offset + bad] & 0xff)
                            + " at offset " + bad + ")");
        }
        Object tree;
        try {
            tree = reader.parse(data, offset, length);
        } catch (JsonSyntaxException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        return parse(tree);
    }

    public Request parse(String line) throws ProtocolException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    /** Validates a parsed JSON tree. */
    public Request parse(Object tree) throws ProtocolException {
        if (!(tree instanceof Map)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "a request must be a JSON object such as {\"op\":\"status\",\"id\":1}, got " + Fields.typeOf(tree));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) tree;
        long id = readId(m);
        Fields f = new Fields(m, id);
        Object opValue = m.get("op");
        if (opValue == null) throw f.bad("field 'op' is required (one of " + Op.knownList() + ")");
        if (!(opValue instanceof String)) {
            throw f.bad("field 'op' must be a string, got " + Fields.typeOf(opValue));
        }
        Op op = Op.fromWire((String) opValue);
        if (op == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_OP,
                    "unknown op '" + Fields.clip((String) opValue) + "' (known: " + Op.knownList() + ")", id);
        }
        for (String key : m.keySet()) {
            if (!key.equals("op") && !key.equals("id") && !op.fields().contains(key)) {
                throw f.bad("unknown field '" + Fields.clip(key) + "' for op '" + op.wire() + "'"
                        + (op.fields().isEmpty() ? " (it takes none)" : " (allowed: " + String.join(", ", op.fields()) + ")"));
            }
        }
        switch (op) {
            case HELLO: {
                long version = f.integer("version", 1, Integer.MAX_VALUE, Protocol.VERSION);
                return new Request.Builder(id, op).version((int) version).client(f.optionalString("client", 256)).build();
            }
            case STATUS:
                return Request.status(id, f.names("services", false));
            case START: case STOP: case RESTART:
                return Request.action(id, op, f.names("services", true), f.bool("block", true));
            case SIGNAL:
                return Request.signal(id, f.name("service"), signal(f));
            case RELOAD:
                return Request.reload(id, f.names("services", false));
            case REOPEN_LOGS:
                return Request.reopenLogs(id);
            case EVENTS:
                return Request.events(id, f.names("services", false), f.bool("history", true), f.bool("follow", false),
                        f.integer("after_seq", 0, Long.MAX_VALUE, 0));
            case LOGS:
                return Request.logs(id, f.name("service"),
                        (int) f.integer("lines", 0, Protocol.MAX_LOG_LINES, Protocol.DEFAULT_LOG_LINES),
                        f.bool("follow", false), since(f), stream(f));
            case PID:
                return Request.pid(id, f.name("service"));
            case SHOW:
                return Request.show(id, f.name("service"));
            case WAIT:
                return Request.waitFor(id, f.name("service"), states(f),
                        f.integer("timeout_ms", 0, Protocol.MAX_WAIT_TIMEOUT_MS, Protocol.DEFAULT_WAIT_TIMEOUT_MS));
            case VERSION:
                return Request.version(id);
            case SHUTDOWN:
                return Request.shutdown(id);
            case REEXEC:
                return Request.reexec(id);
            default:
                throw new AssertionError(op);
        }
    }

    private static long readId(Map<String, Object> m) throws ProtocolException {
        Object id = m.get("id");
        if (id == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "field 'id' is required: a non-negative integer the response will carry back");
        }
        if (!(id instanceof Long) || (Long) id < 0) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "field 'id' must be a non-negative integer, got " + Fields.describe(id));
        }
        return (Long) id;
    }

    /** Normalises "hup", "SIGHUP", "HUP" to "HUP"; a decimal number is kept. */
    private static String signal(Fields f) throws ProtocolException {
        String s = f.requiredString("signal", 32).trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) s = s.substring(3);
        if (s.isEmpty()) throw f.bad("field 'signal' must name a signal such as \"HUP\" or \"TERM\"");
        boolean digits = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') digits = false;
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-')) {
                throw f.bad("field 'signal' must name a signal such as \"HUP\" or \"TERM\", got \"" + Fields.clip(s) + "\"");
            }
        }
        if (digits && s.length() > 3) throw f.bad("field 'signal' number is out of range: " + s);
        return s;
    }

    /** logs: an ISO-8601 instant ("2026-12-07T03:00:00Z", an offset instead of Z is fine), kept as given. */
    private static String since(Fields f) throws ProtocolException {
        String s = f.optionalString("since", 64);
        if (s == null) return null;
        try {
            java.time.OffsetDateTime.parse(s.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw f.bad("field 'since' must be an ISO-8601 time with a zone, such as \"2026-12-07T03:00:00Z\", got \""
                    + Fields.clip(s) + "\"");
        }
        return s.trim();
    }

    /** logs: "stdout" or "stderr". */
    private static String stream(Fields f) throws ProtocolException {
        String s = f.optionalString("stream", 16);
        if (s == null) return null;
        if (!s.equals("stdout") && !s.equals("stderr")) {
            throw f.bad("field 'stream' must be \"stdout\" or \"stderr\", got \"" + Fields.clip(s) + "\"");
        }
        return s;
    }

    private static List<String> states(Fields f) throws ProtocolException {
        Object v = f.raw("state");
        if (v == null) return List.of("running");
        List<String> out = new ArrayList<>();
        if (v instanceof String) {
            out.add(((String) v).trim().toLowerCase(Locale.ROOT));
        } else if (v instanceof List) {
            for (Object o : (List<?>) v) {
                if (!(o instanceof String)) {
                    throw f.bad("field 'state' must be a state name or an array of state names, found "
                            + Fields.typeOf(o) + " in the array");
                }
                out.add(((String) o).trim().toLowerCase(Locale.ROOT));
            }
        } else {
            throw f.bad("field 'state' must be a state name or an array of state names, got " + Fields.typeOf(v));
        }
        if (out.isEmpty()) throw f.bad("field 'state' must name at least one state");
        for (String s : out) {
            if (s.isEmpty() || s.length() > 32) throw f.bad("field 'state' has an empty or overlong state name");
        }
        return out;
    }

    /** Typed access to the fields of one request, with error messages that name the field. */
    static final class Fields {
        private final Map<String, Object> m;
        private final long id;

        Fields(Map<String, Object> m, long id) {
            this.m = m;
            this.id = id;
        }

        ProtocolException bad(String message) {
            return new ProtocolException(ErrorCode.BAD_REQUEST, message, id);
        }

        Object raw(String field) {
            return m.get(field);
        }

        String requiredString(String field, int maxChars) throws ProtocolException {
            Object v = m.get(field);
            if (v == null) throw bad("field '" + field + "' is required (a string)");
            if (!(v instanceof String)) throw bad("field '" + field + "' must be a string, got " + typeOf(v));
            String s = (String) v;
            if (s.length() > maxChars) throw bad("field '" + field + "' is longer than " + maxChars + " characters");
            return s;
        }

        String optionalString(String field, int maxChars) throws ProtocolException {
            return m.get(field) == null ? null : requiredString(field, maxChars);
        }

        /** A required, non-empty service name. */
        String name(String field) throws ProtocolException {
            String s = requiredString(field, MAX_NAME_CHARS);
            if (s.isEmpty()) throw bad("field '" + field + "' must not be empty");
            return s;
        }

        List<String> names(String field, boolean required) throws ProtocolException {
            Object v = m.get(field);
            if (v == null) {
                if (required) throw bad("field '" + field + "' is required: an array of service names or globs (\"*\" for all)");
                return List.of();
            }
            if (!(v instanceof List)) {
                throw bad("field '" + field + "' must be an array of service names or globs, got " + typeOf(v));
            }
            List<?> list = (List<?>) v;
            if (required && list.isEmpty()) {
                throw bad("field '" + field + "' must name at least one service (use [\"*\"] for all)");
            }
            if (list.size() > Protocol.MAX_SERVICES_PER_REQUEST) {
                throw bad("field '" + field + "' has more than " + Protocol.MAX_SERVICES_PER_REQUEST + " entries");
            }
            List<String> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object o = list.get(i);
                if (!(o instanceof String)) {
                    throw bad("field '" + field + "' entry " + i + " must be a string, got " + typeOf(o));
                }
                String s = (String) o;
                if (s.isEmpty() || s.length() > MAX_NAME_CHARS) {
                    throw bad("field '" + field + "' entry " + i + " must be a non-empty name of at most "
                            + MAX_NAME_CHARS + " characters");
                }
                out.add(s);
            }
            return out;
        }

        boolean bool(String field, boolean dflt) throws ProtocolException {
            Object v = m.get(field);
            if (v == null) return dflt;
            if (!(v instanceof Boolean)) throw bad("field '" + field + "' must be true or false, got " + typeOf(v));
            return (Boolean) v;
        }

        long integer(String field, long min, long max, long dflt) throws ProtocolException {
            Object v = m.get(field);
            if (v == null) return dflt;
            if (!(v instanceof Long)) throw bad("field '" + field + "' must be an integer, got " + describe(v));
            long n = (Long) v;
            if (n < min || n > max) {
                throw bad("field '" + field + "' must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        }

        static String typeOf(Object v) {
            if (v == null) return "null";
            if (v instanceof Map) return "an object";
            if (v instanceof List) return "an array";
            if (v instanceof String) return "a string";
            if (v instanceof Boolean) return "a boolean";
            if (v instanceof Double) return "a fractional number";
            if (v instanceof Long) return "an integer";
            return v.getClass().getSimpleName();
        }

        static String describe(Object v) {
            if (v instanceof Long || v instanceof Double) return typeOf(v) + " (" + v + ")";
            return typeOf(v);
        }

        static String clip(String s) {
            return s.length() <= 64 ? s : s.substring(0, 61) + "...";
        }
    }
}
