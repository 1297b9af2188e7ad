package org.pdsup.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the frames a server sends. Every frame carries the request's {@code id} first (null when the request
 * could not be read far enough to have one).
 */
public final class Responses {
    private Responses() {}

    /** {@code {"id":N,"ok":true}} followed by the result fields in their order. */
    public static Map<String, Object> ok(long id, Map<String, Object> result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("ok", Boolean.TRUE);
        if (result != null) {
            for (Map.Entry<String, Object> e : result.entrySet()) {
                if (!e.getKey().equals("id") && !e.getKey().equals("ok")) m.put(e.getKey(), e.getValue());
            }
        }
        return m;
    }

    public static Map<String, Object> ok(long id) {
        return ok(id, null);
    }

    /** {@code {"id":N,"ok":false,"error":{"code":...,"message":...}}}. */
    public static Map<String, Object> error(Long id, ErrorCode code, String message) {
        return error(id, code, message, null);
    }

    /** An error with a list of detail lines ({@code config_error} carries the configuration's errors). */
    public static Map<String, Object> error(Long id, ErrorCode code, String message, List<String> errors) {
        return error(id, code.wire(), message, errors);
    }

    /** As above with a code given by its wire name (the daemon's exceptions carry strings). */
    public static Map<String, Object> error(Long id, String code, String message, List<String> errors) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message == null ? code : message);
        if (errors != null) e.put("errors", new ArrayList<Object>(errors));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("ok", Boolean.FALSE);
        m.put("error", e);
        return m;
    }

    /** First frame of a stream: the subscription is in place; frames of the stream follow. */
    public static Map<String, Object> streaming(long id) {
        Map<String, Object> m = ok(id);
        m.put("streaming", Boolean.TRUE);
        return m;
    }

    /** Last frame of a stream that does not follow. */
    public static Map<String, Object> end(long id) {
        Map<String, Object> m = ok(id);
        m.put("end", Boolean.TRUE);
        return m;
    }

    /**
     * Last frame of a followed stream cut short by a re-exec: reconnect (events: with {@code after_seq} set to
     * the last sequence number seen) to go on without a gap. Its {@code reason} is {@code "restarting"}.
     */
    public static Map<String, Object> endRestarting(long id) {
        Map<String, Object> m = end(id, "restarting");
        m.put("restarting", Boolean.TRUE);
        return m;
    }

    /**
     * Last frame of a stream the daemon ends itself, with why: {@code "shutdown"} when pdsupd shuts down in order
     * (a follower can tell it from a connection that broke).
     */
    public static Map<String, Object> end(long id, String reason) {
        Map<String, Object> m = end(id);
        m.put("reason", reason);
        return m;
    }

    public static Map<String, Object> event(long id, EventInfo event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("event", event.toJson());
        return m;
    }

    /** {@code count} frames of the stream were dropped because the reader did not keep up. */
    public static Map<String, Object> dropped(long id, long count) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("dropped", count);
        return m;
    }

    /** One line of a service's output; {@code stream} is "stdout" or "stderr". */
    public static Map<String, Object> line(long id, String stream, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("line", text);
        m.put("stream", stream);
        return m;
    }

    public static Map<String, Object> hello(long id, String server) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("version", (long) Protocol.VERSION);
        r.put("server", server);
        return ok(id, r);
    }

    public static Map<String, Object> services(long id, List<ServiceStatus> services) {
        List<Object> list = new ArrayList<>(services.size());
        for (ServiceStatus s : services) list.add(s.toJson());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("services", list);
        return ok(id, r);
    }

    public static Map<String, Object> service(long id, ServiceStatus service) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("service", service.toJson());
        return ok(id, r);
    }

    public static Map<String, Object> pid(long id, long pid) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("pid", pid);
        return ok(id, r);
    }

    public static Map<String, Object> version(long id, String version) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("version", version);
        r.put("protocol", (long) Protocol.VERSION);
        return ok(id, r);
    }
}
