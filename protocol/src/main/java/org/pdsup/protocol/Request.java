package org.pdsup.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One validated request. Servers get it from {@link RequestParser}; clients build it with the factory
 * methods and send {@link #toJson()}. Fields an op does not use hold their defaults.
 */
public final class Request {
    private final long id;
    private final Op op;
    private final List<String> services;
    private final String service;
    private final String signal;
    private final boolean history;
    private final boolean follow;
    private final int lines;
    private final List<String> states;
    private final long timeoutMs;
    private final int version;
    private final String client;
    private final boolean block;
    private long afterSeq;
    private final String since;
    private final String stream;

    Request(long id, Op op, List<String> services, String service, String signal, boolean history,
            boolean follow, int lines, List<String> states, long timeoutMs, int version, String client,
            boolean block) {
        this(id, op, services, service, signal, history, follow, lines, states, timeoutMs, version, client, block,
                null, null);
    }

    Request(long id, Op op, List<String> services, String service, String signal, boolean history,
            boolean follow, int lines, List<String> states, long timeoutMs, int version, String client,
            boolean block, String since, String stream) {
        this.since = since;
        this.stream = stream;
        this.id = id;
        this.op = op;
        this.services = List.copyOf(services);
        this.service = service;
        this.signal = signal;
        this.history = history;
        this.follow = follow;
        this.lines = lines;
        this.states = List.copyOf(states);
        this.timeoutMs = timeoutMs;
        this.version = version;
        this.client = client;
        this.block = block;
    }

    /** Collects the fields of one request; everything not set keeps the protocol's default. */
    static final class Builder {
        private final long id;
        private final Op op;
        private List<String> services = List.of();
        private String service;
        private String signal;
        private boolean history = true;
        private boolean follow;
        private int lines = Protocol.DEFAULT_LOG_LINES;
        private List<String> states = List.of("running");
        private long timeoutMs = Protocol.DEFAULT_WAIT_TIMEOUT_MS;
        private int version = Protocol.VERSION;
        private String client;
        private boolean block = true;
        private long afterSeq;
        private String since;
        private String stream;

        Builder(long id, Op op) {
            this.id = id;
            this.op = op;
        }

        Builder services(List<String> v) { services = v; return this; }
        Builder service(String v) { service = v; return this; }
        Builder signal(String v) { signal = v; return this; }
        Builder history(boolean v) { history = v; return this; }
        Builder follow(boolean v) { follow = v; return this; }
        Builder lines(int v) { lines = v; return this; }
        Builder states(List<String> v) { states = v; return this; }
        Builder timeoutMs(long v) { timeoutMs = v; return this; }
        Builder version(int v) { version = v; return this; }
        Builder client(String v) { client = v; return this; }
        Builder block(boolean v) { block = v; return this; }
        Builder since(String v) { since = v; return this; }
        Builder stream(String v) { stream = v; return this; }

        Builder afterSeq(long v) { afterSeq = v; return this; }

        Request build() {
            Request r = new Request(id, op, services, service, signal, history, follow, lines, states, timeoutMs,
                    version, client, block, since, stream);
            r.afterSeq = afterSeq;
            return r;
        }
    }

    public static Request hello(long id, String client) {
        return new Builder(id, Op.HELLO).client(client).build();
    }

    public static Request status(long id, List<String> services) {
        return new Builder(id, Op.STATUS).services(services).build();
    }

    public static Request start(long id, List<String> services) {
        return action(id, Op.START, services);
    }

    public static Request stop(long id, List<String> services) {
        return action(id, Op.STOP, services);
    }

    public static Request restart(long id, List<String> services) {
        return action(id, Op.RESTART, services);
    }

    /** start, stop or restart by op. */
    public static Request action(long id, Op op, List<String> services) {
        return action(id, op, services, true);
    }

    /** start, stop or restart; {@code block} false: answered at once, the action goes on (pdctl --no-block). */
    public static Request action(long id, Op op, List<String> services, boolean block) {
        if (op != Op.START && op != Op.STOP && op != Op.RESTART) throw new IllegalArgumentException(op.wire());
        return new Builder(id, op).services(services).block(block).build();
    }

    public static Request signal(long id, String service, String signal) {
        return new Builder(id, Op.SIGNAL).service(service).signal(signal).build();
    }

    public static Request reload(long id) {
        return reload(id, List.of());
    }

    /** With services (names or globs): send each its reload signal; without: re-read the configuration. */
    public static Request reload(long id, List<String> services) {
        return new Builder(id, Op.RELOAD).services(services).build();
    }

    /** Reopen every service log file (after external rotation, newsyslog style). */
    public static Request reopenLogs(long id) {
        return new Builder(id, Op.REOPEN_LOGS).build();
    }

    public static Request events(long id, List<String> services, boolean history, boolean follow) {
        return events(id, services, history, follow, 0);
    }

    /** With {@code afterSeq} > 0, only events whose sequence number is greater (resuming after a re-exec). */
    public static Request events(long id, List<String> services, boolean history, boolean follow, long afterSeq) {
        return new Builder(id, Op.EVENTS).services(services).history(history).follow(follow).afterSeq(afterSeq)
                .build();
    }

    public static Request logs(long id, String service, int lines, boolean follow) {
        return new Builder(id, Op.LOGS).service(service).lines(lines).follow(follow).build();
    }

    /**
     * logs with filters: {@code since} an ISO-8601 instant (lines written at or after it, by their timestamps),
     * {@code stream} "stdout" or "stderr"; null for no filter.
     */
    public static Request logs(long id, String service, int lines, boolean follow, String since, String stream) {
        return new Builder(id, Op.LOGS).service(service).lines(lines).follow(follow).since(since).stream(stream)
                .build();
    }

    public static Request pid(long id, String service) {
        return new Builder(id, Op.PID).service(service).build();
    }

    /** {@code timeoutMs} &lt; 0 means the server's default. */
    public static Request waitFor(long id, String service, List<String> states, long timeoutMs) {
        return new Builder(id, Op.WAIT).service(service).states(states).timeoutMs(timeoutMs).build();
    }

    /** One service in detail: effective configuration, process, log, recent exits, dependencies. */
    public static Request show(long id, String service) {
        return new Builder(id, Op.SHOW).service(service).build();
    }

    public static Request version(long id) {
        return new Builder(id, Op.VERSION).build();
    }

    public static Request reexec(long id) {
        return new Builder(id, Op.REEXEC).build();
    }

    public static Request shutdown(long id) {
        return new Builder(id, Op.SHUTDOWN).build();
    }

    public long id() { return id; }

    public Op op() { return op; }

    /** Names or globs; empty means all (status, events), or the configuration (reload). */
    public List<String> services() { return services; }

    /** The one service of signal, logs, pid and wait. */
    public String service() { return service; }

    /** Signal name, upper case, without the "SIG" prefix ("HUP"), or a decimal number. */
    public String signal() { return signal; }

    /** events: start with the ring's history (default true). */
    public boolean history() { return history; }

    /** events, logs: keep streaming live frames (default false). */
    public boolean follow() { return follow; }

    /** events: only events with a greater sequence number (0: all); resumes a stream a re-exec ended. */
    public long afterSeq() { return afterSeq; }

    /** logs: how many of the last lines to send first (default 10). */
    public int lines() { return lines; }

    /** logs: only lines written at or after this ISO-8601 instant (by their timestamps), or null. */
    public String since() { return since; }

    /** logs: only this stream's lines, "stdout" or "stderr", or null for both. */
    public String stream() { return stream; }

    /** wait: the states to wait for, lower case (default "running"). */
    public List<String> states() { return states; }

    /** wait: milliseconds; negative means the server's default. */
    public long timeoutMs() { return timeoutMs; }

    /** hello: the protocol version the client speaks. */
    public int version() { return version; }

    /** hello: the client's name and version, or null. */
    public String client() { return client; }

    /** start, stop, restart: answer when done (default true), or at once. */
    public boolean block() { return block; }

    /** The request as a JSON tree, ready for {@code JsonWriter}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op.wire());
        m.put("id", id);
        switch (op) {
            case HELLO:
                m.put("version", (long) version);
                if (client != null) m.put("client", client);
                break;
            case RELOAD:
                if (!services.isEmpty()) m.put("services", new ArrayList<Object>(services));
                break;
            case STATUS: case START: case STOP: case RESTART:
                if (!services.isEmpty() || op != Op.STATUS) m.put("services", new ArrayList<Object>(services));
                if (!block && op != Op.STATUS) m.put("block", false);
                break;
            case SIGNAL:
                m.put("service", service);
                m.put("signal", signal);
                break;
            case EVENTS:
                if (!services.isEmpty()) m.put("services", new ArrayList<Object>(services));
                m.put("history", history);
                m.put("follow", follow);
                if (afterSeq > 0) m.put("after_seq", afterSeq);
                break;
            case LOGS:
                m.put("service", service);
                m.put("lines", (long) lines);
                m.put("follow", follow);
                if (since != null) m.put("since", since);
                if (stream != null) m.put("stream", stream);
                break;
            case PID: case SHOW:
                m.put("service", service);
                break;
            case WAIT:
                m.put("service", service);
                m.put("state", states.size() == 1 ? states.get(0) : new ArrayList<Object>(states));
                if (timeoutMs >= 0) m.put("timeout_ms", timeoutMs);
                break;
            default:
                break;
        }
        return m;
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
