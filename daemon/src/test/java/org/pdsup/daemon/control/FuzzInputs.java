package org.pdsup.daemon.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Random and malformed request lines for the fuzz test: valid requests with random fields, and the same
 * truncated, bit-flipped or spliced; random bytes; huge and odd numbers; deep nesting; invalid UTF-8; unknown
 * ops; wrong types; long strings. Never contains a newline (one input is one frame) and is never blank.
 */
final class FuzzInputs {
    /**
     * The first 12 are real ops. "shutdown" is left out on purpose: after it the daemon refuses every admin op,
     * which would leave start, stop, signal and reload unexercised for the rest of the run (ControlServerTest
     * covers it); "shutdown " and "SHUTDOWN" are unknown ops.
     */
    private static final String[] OPS = {"hello", "status", "start", "stop", "restart", "signal", "reload", "events",
        "logs", "pid", "wait", "version", "shutdown ", "SHUTDOWN", "statu", "STATUS", "", "frob", "hello\u0000", "événement"};
    private static final String[] NAMES = {"web", "db", "worker-1", "worker-2", "*", "worker-*", "w?b", "nope", "",
        "x".repeat(2000), "\u65e5\u672c", "../etc/passwd", "\\\"quoted\\\""};
    private static final String[] SIGNALS = {"HUP", "sigterm", "9", "KILL", "USR1", "NOPE", "", "SIG", "1234", "H U P"};
    private static final String[] STATES = {"running", "stopped", "exited", "fatal", "sleeping", "", "RUNNING"};
    private static final String[] FIELDS = {"services", "service", "signal", "history", "follow", "lines", "state",
        "timeout_ms", "version", "client", "bogus", "id", "op"};

    private final SplittableRandom rnd;

    /** What was generated: the line, and the request id a well-formed request carries (else -1). */
    record Input(byte[] line, long expectedId) {}

    FuzzInputs(long seed) {
        rnd = new SplittableRandom(seed);
    }

    Input next(long id) {
        int kind = rnd.nextInt(100);
        byte[] line;
        long expected = -1;
        if (kind < 30) {
            line = bytes(request(id, true));
            expected = id;
        } else if (kind < 52) {
            line = mutate(bytes(request(id, rnd.nextBoolean())));
        } else if (kind < 62) {
            line = randomBytes(rnd.nextInt(1, 400));
        } else if (kind < 71) {
            line = bytes(hugeNumber(id));
        } else if (kind < 75) {
            line = bytes(deepNesting());
        } else if (kind < 83) {
            line = invalidUtf8(bytes(request(id, true)));
        } else if (kind < 92) {
            line = bytes(wrongTypes(id));
        } else if (kind < 98) {
            line = bytes(request(id, false));
        } else {
            line = bytes("{\"op\":\"status\",\"id\":" + id + ",\"services\":[\"" + "a".repeat(rnd.nextInt(1000, 60_000)) + "\"]}");
        }
        return new Input(clean(line), expected);
    }

    private String request(long id, boolean sane) {
        String op = sane ? OPS[rnd.nextInt(12)] : OPS[rnd.nextInt(OPS.length)];
        StringBuilder sb = new StringBuilder("{\"op\":").append(quote(op)).append(",\"id\":").append(id);
        switch (op) {
            case "hello":
                sb.append(",\"version\":").append(sane ? 1 + rnd.nextInt(2) : rnd.nextInt(-1, 5));
                if (rnd.nextBoolean()) sb.append(",\"client\":\"fuzz/1\"");
                break;
            case "status": case "start": case "stop": case "restart":
                if (rnd.nextInt(4) > 0 || !op.equals("status")) sb.append(",\"services\":").append(names());
                break;
            case "signal":
                sb.append(",\"service\":").append(quote(pick(NAMES))).append(",\"signal\":").append(quote(pick(SIGNALS)));
                break;
            case "events":
                if (rnd.nextBoolean()) sb.append(",\"services\":").append(names());
                sb.append(",\"history\":").append(rnd.nextBoolean()).append(",\"follow\":").append(rnd.nextInt(8) == 0);
                break;
            case "logs":
                sb.append(",\"service\":").append(quote(pick(NAMES))).append(",\"lines\":").append(rnd.nextInt(-5, 20_000));
                break;
            case "pid":
                sb.append(",\"service\":").append(quote(pick(NAMES)));
                break;
            case "wait":
                sb.append(",\"service\":").append(quote(pick(NAMES))).append(",\"state\":").append(quote(pick(STATES)))
                        .append(",\"timeout_ms\":").append(rnd.nextInt(-10, 100_000_000));
                break;
            default:
                break;
        }
        if (!sane && rnd.nextInt(3) == 0) sb.append(",").append(quote(pick(FIELDS))).append(":").append(randomValue(0));
        return sb.append('}').toString();
    }

    private String names() {
        StringBuilder sb = new StringBuilder("[");
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            sb.append(quote(pick(NAMES)));
        }
        return sb.append(']').toString();
    }

    private String randomValue(int depth) {
        switch (depth > 3 ? rnd.nextInt(5) : rnd.nextInt(8)) {
            case 0: return "null";
            case 1: return Boolean.toString(rnd.nextBoolean());
            case 2: return Long.toString(rnd.nextLong());
            case 3: return Double.toString(rnd.nextDouble() * 1e300);
            case 4: return quote(pick(NAMES));
            case 5: return "[" + randomValue(depth + 1) + "," + randomValue(depth + 1) + "]";
            case 6: return "{" + quote(pick(FIELDS)) + ":" + randomValue(depth + 1) + "}";
            default: return "-0.0e-7";
        }
    }

    private String hugeNumber(long id) {
        String[] forms = {
            "9".repeat(rnd.nextInt(20, 400)), "-" + "9".repeat(rnd.nextInt(20, 40)), "1e" + rnd.nextInt(300, 99999),
            "-1e999999999", "0." + "0".repeat(rnd.nextInt(1, 30)) + "1", "9223372036854775808", "-9223372036854775809",
            "1.7976931348623157e309", "00012", "+5", ".5", "5.", "0x10", "NaN", "Infinity", "1" + "0".repeat(31),
        };
        String num = forms[rnd.nextInt(forms.length)];
        switch (rnd.nextInt(4)) {
            case 0: return "{\"op\":\"status\",\"id\":" + num + "}";
            case 1: return "{\"op\":\"logs\",\"id\":" + id + ",\"service\":\"web\",\"lines\":" + num + "}";
            case 2: return "{\"op\":\"wait\",\"id\":" + id + ",\"service\":\"web\",\"timeout_ms\":" + num + "}";
            default: return "{\"op\":\"hello\",\"id\":" + id + ",\"version\":" + num + "}";
        }
    }

    private String deepNesting() {
        boolean objects = rnd.nextBoolean();
        int depth = rnd.nextInt(20, objects ? 9_000 : 20_000); // stays under the 64 KiB frame limit
        int close = rnd.nextInt(4) == 0 ? rnd.nextInt(depth) : depth; // sometimes unbalanced
        return "{\"op\":\"status\",\"id\":1,\"services\":" + (objects ? "{\"a\":" : "[").repeat(depth) + "1"
                + (objects ? "}" : "]").repeat(close) + "}";
    }

    private String wrongTypes(long id) {
        String[] templates = {
            "{\"op\":%s,\"id\":%d}", "{\"op\":\"status\",\"id\":%s}", "{\"op\":\"status\",\"id\":%d,\"services\":%s}",
            "{\"op\":\"signal\",\"id\":%d,\"service\":%s,\"signal\":%s}", "{\"op\":\"events\",\"id\":%d,\"follow\":%s}",
            "{\"op\":\"wait\",\"id\":%d,\"service\":\"web\",\"state\":%s}", "[%s]", "%s", "{\"id\":%d}",
        };
        String t = templates[rnd.nextInt(templates.length)];
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < t.length()) {
            if (t.startsWith("%s", i)) {
                out.append(randomValue(0));
                i += 2;
            } else if (t.startsWith("%d", i)) {
                out.append(id);
                i += 2;
            } else {
                out.append(t.charAt(i++));
            }
        }
        return out.toString();
    }

    private byte[] mutate(byte[] b) {
        switch (rnd.nextInt(4)) {
            case 0: { // truncate
                int n = rnd.nextInt(Math.max(1, b.length));
                byte[] t = new byte[Math.max(1, n)];
                System.arraycopy(b, 0, t, 0, t.length);
                return t;
            }
            case 1: { // flip bytes
                byte[] t = b.clone();
                for (int k = rnd.nextInt(1, 4); k > 0; k--) t[rnd.nextInt(t.length)] ^= (byte) (1 << rnd.nextInt(8));
                return t;
            }
            case 2: { // splice random bytes in
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                int at = rnd.nextInt(b.length);
                o.write(b, 0, at);
                byte[] r = randomBytes(rnd.nextInt(1, 16));
                o.write(r, 0, r.length);
                o.write(b, at, b.length - at);
                return o.toByteArray();
            }
            default: { // duplicate a slice (duplicate keys, doubled braces)
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                int from = rnd.nextInt(b.length);
                int to = from + rnd.nextInt(b.length - from);
                o.write(b, 0, to);
                o.write(b, from, b.length - from);
                return o.toByteArray();
            }
        }
    }

    private byte[] invalidUtf8(byte[] b) {
        byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE6, (byte) 0x97}, {(byte) 0x80},
            {(byte) 0xC3, (byte) 0x28}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] ins = bad[rnd.nextInt(bad.length)];
        int at = rnd.nextInt(b.length);
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        return out;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) rnd.nextInt(256);
        return b;
    }

    /** No newline inside; not blank (a blank line gets no answer by design). */
    private static byte[] clean(byte[] b) {
        boolean blank = true;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') b[i] = ' ';
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') blank = false;
        }
        if (b.length > 0 && b[b.length - 1] == '\r') b[b.length - 1] = '#';
        if (!blank) return b;
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 1, b.length);
        out[0] = '#';
        return out;
    }

    private String pick(String[] from) {
        return from[rnd.nextInt(from.length)];
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
