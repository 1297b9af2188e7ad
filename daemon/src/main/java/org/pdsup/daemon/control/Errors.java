package org.pdsup.daemon.control;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.pdsup.daemon.supervisor.IllegalStateForOperation;
import org.pdsup.daemon.supervisor.ShuttingDownException;
import org.pdsup.daemon.supervisor.UnknownServiceException;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.ProtocolException;
import org.pdsup.protocol.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what went wrong while serving a request into its error frame: the control server's own
 * {@link ControlException}s and the supervisor's failures, each with its code from {@link ErrorCode}.
 */
final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {}

    static Map<String, Object> frame(Long id, String op, Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof ControlException) {
            ControlException c = (ControlException) e;
            return Responses.error(id, c.code(), c.getMessage(), null);
        }
        if (e instanceof UnknownServiceException u) {
            ControlException c = NoSuchService.named(u.service(), u.known());
            return Responses.error(id, c.code(), c.getMessage(), null);
        }
        if (e instanceof ShuttingDownException) {
            return Responses.error(id, ErrorCode.SHUTTING_DOWN, e.getMessage());
        }
        if (e instanceof IllegalStateForOperation) {
            return Responses.error(id, ErrorCode.INVALID_STATE, e.getMessage());
        }
        if (e instanceof ProtocolException) {
            return Responses.error(id, ((ProtocolException) e).code(), e.getMessage());
        }
        if (e instanceof TimeoutException) {
            return Responses.error(id, ErrorCode.TIMEOUT, e.getMessage() == null ? "timed out" : e.getMessage());
        }
        log.warn("control: '{}' failed unexpectedly", op, e);
        return Responses.error(id, ErrorCode.INTERNAL, "internal error in pdsupd: " + e);
    }

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** "ok", or the error code of an error frame (for the metrics). */
    @SuppressWarnings("unchecked")
    static String outcome(Map<String, Object> frame) {
        if (Boolean.TRUE.equals(frame.get("ok"))) return "ok";
        Object err = frame.get("error");
        if (err instanceof Map) {
            Object code = ((Map<String, Object>) err).get("code");
            if (code instanceof String) return (String) code;
        }
        return ErrorCode.INTERNAL.wire();
    }
}
