package org.pdsup.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A client's view of one frame from the server: a response ({@code ok} present), a stream frame
 * ({@code event}, {@code line}, {@code dropped}) or the end of a stream.
 */
public final class Response {
    private final Map<String, Object> frame;

    private Response(Map<String, Object> frame) {
        this.frame = frame;
    }

    /** Wraps a parsed frame; anything but a JSON object is a protocol violation by the server. */
    @SuppressWarnings("unchecked")
    public static Response of(Object tree) throws ProtocolException {
        if (!(tree instanceof Map)) throw new ProtocolException(ErrorCode.INTERNAL, "server sent a non-object frame");
        return new Response((Map<String, Object>) tree);
    }

    /** The whole frame as received. */
    public Map<String, Object> frame() {
        return frame;
    }

    /** The request id, or null (errors about unreadable requests and connection-level errors). */
    public Long id() {
        Object v = frame.get("id");
        return v instanceof Long ? (Long) v : null;
    }

    /** A response (as opposed to a stream frame): it has {@code ok}. */
    public boolean isResponse() {
        return frame.get("ok") instanceof Boolean;
    }

    public boolean ok() {
        return Boolean.TRUE.equals(frame.get("ok"));
    }

    public boolean isStreamStart() {
        return ok() && Boolean.TRUE.equals(frame.get("streaming"));
    }

    public boolean isEnd() {
        return ok() && Boolean.TRUE.equals(frame.get("end"));
    }

    /** Why the daemon ended a stream ({@code "shutdown"}), or null (a stream that did not follow ended). */
    public String endReason() {
        return isEnd() ? string("reason") : null;
    }

    public EventInfo event() {
        Map<String, Object> e = Values.object(frame, "event");
        return e == null ? null : EventInfo.fromJson(e);
    }

    /** The count of a {@code dropped} notice, or -1. */
    public long dropped() {
        return Values.integer(frame, "dropped", -1);
    }

    /** The text of a log line frame, or null. */
    public String line() {
        return Values.string(frame, "line");
    }

    public String stream() {
        return Values.string(frame, "stream");
    }

    public String errorCode() {
        Map<String, Object> e = Values.object(frame, "error");
        return e == null ? null : Values.string(e, "code");
    }

    public String errorMessage() {
        Map<String, Object> e = Values.object(frame, "error");
        String msg = e == null ? null : Values.string(e, "message");
        return msg == null ? "the server gave no reason" : msg;
    }

    /** The detail lines of an error ({@code config_error}); empty when there are none. */
    public List<String> errorDetails() {
        Map<String, Object> e = Values.object(frame, "error");
        return e == null ? new ArrayList<>() : Values.strings(e, "errors");
    }

    public String string(String key) {
        return Values.string(frame, key);
    }

    public long integer(String key, long dflt) {
        return Values.integer(frame, key, dflt);
    }

    /** The {@code services} array of status and the actions. */
    public List<ServiceStatus> services() {
        List<ServiceStatus> out = new ArrayList<>();
        Object v = frame.get("services");
        if (v instanceof List) {
            for (Object o : (List<?>) v) {
                if (o instanceof Map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) o;
                    out.add(ServiceStatus.fromJson(m));
                }
            }
        }
        return out;
    }

    /** The {@code service} object of signal and wait, or null. */
    public ServiceStatus service() {
        Map<String, Object> m = Values.object(frame, "service");
        return m == null ? null : ServiceStatus.fromJson(m);
    }

    /** The frame without its {@code id}: what {@code pdctl --json} prints. */
    public Map<String, Object> withoutId() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(frame);
        m.remove("id");
        return m;
    }
}
