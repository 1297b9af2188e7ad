package org.pdsup.daemon.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.pdsup.daemon.supervisor.ReloadOutcome;
import org.pdsup.daemon.supervisor.ServiceSnapshot;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorSnapshot;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.Op;
import org.pdsup.protocol.Protocol;
import org.pdsup.protocol.ProtocolException;
import org.pdsup.protocol.ReloadResult;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Responses;
import org.pdsup.protocol.ServiceStatus;

/**
 * The ops answered by one response, done against the {@link ControlBackend}. Each returns the response frame
 * (or an error frame) when the backend is done; nothing here blocks. Thread-safe.
 */
final class Operations {
    private final ControlBackend backend;
    private final String serverName;
    private final StatusCache statuses = new StatusCache();

    Operations(ControlBackend backend, String serverName) {
        this.backend = backend;
        this.serverName = serverName;
    }

    CompletableFuture<Map<String, Object>> run(Request r) {
        try {
            switch (r.op()) {
                case HELLO: return done(hello(r));
                case STATUS: return done(status(r));
                case START: case STOP: case RESTART: return action(r);
                case SIGNAL:
                    requireService(r.service());
                    return backend.signal(r.service(), r.signal()).thenApply(s -> service(r.id(), s));
                case RELOAD:
                    if (!r.services().isEmpty()) {
                        return backend.reload(backend.resolve(r.services())).thenApply(l -> services(r.id(), l));
                    }
                    return backend.reload().thenApply(o -> reload(r.id(), o));
                case REOPEN_LOGS: return backend.reopenLogs().thenApply(v -> Responses.ok(r.id()));
                case PID: return done(pid(r));
                case WAIT: return waitFor(r);
                case VERSION: return done(Responses.version(r.id(), backend.version()));
                case SHOW: return show(r);
                default:
                    throw new IllegalStateException("op '" + r.op().wire() + "' is not a one-response op");
            }
        } catch (RuntimeException | ProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** start, stop, restart: answered when done, or (block false) at once with the services as they are then. */
    private CompletableFuture<Map<String, Object>> action(Request r) {
        List<String> names = backend.resolve(r.services());
        CompletableFuture<List<ServiceSnapshot>> done = r.op() == Op.START ? backend.start(names)
                : r.op() == Op.STOP ? backend.stop(names) : backend.restart(names);
        if (r.block()) return done.thenApply(l -> services(r.id(), l));
        return done(status(r));
    }

    /** show: the snapshot, the details from the supervisor thread, and the service's exits from the event history. */
    private CompletableFuture<Map<String, Object>> show(Request r) {
        String name = requireService(r.service()).name();
        CompletableFuture<List<org.pdsup.daemon.supervisor.SupervisorEvent>> history = backend.history(name::equals)
                .exceptionally(e -> List.of());
        return backend.details(name).thenCombine(history, (details, events) -> {
            ServiceSnapshot now = backend.snapshot().services().get(name);
            return ServiceView.show(r.id(), WireMapper.status(now, Instant.now()), details, events);
        });
    }

    private static CompletableFuture<Map<String, Object>> done(Map<String, Object> frame) {
        return CompletableFuture.completedFuture(frame);
    }

    private Map<String, Object> hello(Request r) throws ProtocolException {
        if (r.version() != Protocol.VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "protocol version " + r.version()
                    + " is not supported; this server speaks version " + Protocol.VERSION, r.id());
        }
        return Responses.hello(r.id(), serverName);
    }

    /** The frame of {@link Responses#services}, assembled from each service's cached JSON ({@link StatusCache}). */
    private Map<String, Object> status(Request r) {
        List<String> names = backend.resolve(r.services());
        SupervisorSnapshot snap = backend.snapshot();
        Instant now = Instant.now();
        List<Object> out = new ArrayList<>(names.size());
        for (String name : names) {
            ServiceSnapshot s = snap.services().get(name);
            if (s != null) out.add(statuses.status(s, now));
        }
        statuses.retainOnly(snap.services());
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("services", out);
        return Responses.ok(r.id(), result);
    }

    private static Map<String, Object> services(long id, List<ServiceSnapshot> list) {
        Instant now = Instant.now();
        List<ServiceStatus> out = new ArrayList<>(list.size());
        for (ServiceSnapshot s : list) out.add(WireMapper.status(s, now));
        return Responses.services(id, out);
    }

    private static Map<String, Object> service(long id, ServiceSnapshot s) {
        return Responses.service(id, WireMapper.status(s, Instant.now()));
    }

    private static Map<String, Object> reload(long id, ReloadOutcome o) {
        if (!o.applied()) {
            int n = o.errors().size();
            return Responses.error(id, ErrorCode.CONFIG_ERROR, "the new configuration has " + n
                    + (n == 1 ? " error" : " errors") + "; nothing was changed", o.errors());
        }
        return Responses.ok(id, new ReloadResult(o.added(), o.removed(), o.restarted(), o.updated(), o.unchanged(),
                o.daemonKeys()).toJson());
    }

    private Map<String, Object> pid(Request r) {
        ServiceSnapshot s = requireService(r.service());
        if (s.pid() <= 0) {
            throw new ControlException(ErrorCode.INVALID_STATE.wire(),
                    "service '" + s.name() + "' is not running (state " + s.state().wireName() + ")");
        }
        return Responses.pid(r.id(), s.pid());
    }

    private CompletableFuture<Map<String, Object>> waitFor(Request r) throws ProtocolException {
        requireService(r.service());
        Set<ServiceState> states = EnumSet.noneOf(ServiceState.class);
        for (String name : r.states()) {
            Optional<ServiceState> st = ServiceState.parse(name);
            if (st.isEmpty()) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'state': unknown state '" + name
                        + "' (known: " + knownStates() + ")", r.id());
            }
            states.add(st.get());
        }
        return backend.waitFor(r.service(), states, Duration.ofMillis(r.timeoutMs())).thenApply(s -> service(r.id(), s));
    }

    private static String knownStates() {
        StringBuilder sb = new StringBuilder();
        for (ServiceState s : ServiceState.values()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(s.wireName());
        }
        return sb.toString();
    }

    /** The snapshot of an exactly named service, or {@code no_such_service} listing some known names. */
    ServiceSnapshot requireService(String name) {
        Map<String, ServiceSnapshot> services = backend.snapshot().services();
        ServiceSnapshot s = services.get(name);
        if (s != null) return s;
        throw NoSuchService.named(name, services.keySet());
    }
}
