package org.pdsup.protocol;

import java.util.List;

/** The operations of protocol version 1, with the role each needs and the fields each accepts. */
public enum Op {
    HELLO("hello", Access.READ, false, "version", "client"),
    STATUS("status", Access.READ, false, "services"),
    START("start", Access.ADMIN, false, "services", "block"),
    STOP("stop", Access.ADMIN, false, "services", "block"),
    RESTART("restart", Access.ADMIN, false, "services", "block"),
    SIGNAL("signal", Access.ADMIN, false, "service", "signal"),
    RELOAD("reload", Access.ADMIN, false, "services"),
    REOPEN_LOGS("reopen-logs", Access.ADMIN, false),
    EVENTS("events", Access.READ, true, "services", "history", "follow", "after_seq"),
    LOGS("logs", Access.READ, true, "service", "lines", "follow", "since", "stream"),
    PID("pid", Access.READ, false, "service"),
    WAIT("wait", Access.READ, false, "service", "state", "timeout_ms"),
    VERSION("version", Access.READ, false),
    SHOW("show", Access.READ, false, "service"),
    SHUTDOWN("shutdown", Access.ADMIN, false),
    REEXEC("reexec", Access.ADMIN, false);

    private final String wire;
    private final Access access;
    private final boolean streaming;
    private final List<String> fields;

    Op(String wire, Access access, boolean streaming, String... fields) {
        this.wire = wire;
        this.access = access;
        this.streaming = streaming;
        this.fields = List.of(fields);
    }

    /** The name in the request's {@code op} field. */
    public String wire() {
        return wire;
    }

    public Access access() {
        return access;
    }

    /** Whether the op answers with a stream of frames rather than one response. */
    public boolean streaming() {
        return streaming;
    }

    /** The fields the op accepts besides {@code op} and {@code id}. */
    public List<String> fields() {
        return fields;
    }

    /** The op with this wire name, or null. */
    public static Op fromWire(String s) {
        for (Op op : values()) {
            if (op.wire.equals(s)) return op;
        }
        return null;
    }

    /** "hello, status, ..." for error messages. */
    public static String knownList() {
        StringBuilder sb = new StringBuilder();
        for (Op op : values()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(op.wire);
        }
        return sb.toString();
    }
}
