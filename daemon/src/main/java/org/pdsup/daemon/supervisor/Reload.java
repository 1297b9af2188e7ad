package org.pdsup.daemon.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.pdsup.config.PdsupConfig;
import org.pdsup.config.ServiceConfig;

/**
 * Applies a new configuration to the running services, on the supervisor thread. Per service: new ones are
 * added (and started when autostart), missing ones stopped and then forgotten, one whose process changed
 * ({@link ServiceConfig#sameProcessAs}) restarted when it runs, one whose policy alone changed updated in place,
 * the rest left alone.
 */
final class Reload {
    private final ServiceTable table;
    private final ServiceMachine machine;
    /** Called once a removed service's stop completed. */
    private final Consumer<Service> forget;

    Reload(ServiceTable table, ServiceMachine machine, Consumer<Service> forget) {
        this.table = table;
        this.machine = machine;
        this.forget = forget;
    }

    ReloadOutcome apply(PdsupConfig next) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> restarted = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (Service s : List.copyOf(table.all())) {
            if (!next.services().containsKey(s.name)) {
                removed.add(s.name);
                s.removed = true;
                CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
                f.thenRun(() -> forget.accept(s));
                machine.stop(s, "removed from the configuration", f);
            }
        }
        Map<String, Service> reordered = new LinkedHashMap<>();
        for (ServiceConfig sc : next.services().values()) {
            Service s = table.get(sc.name());
            if (s == null || s.removed) {
                reordered.put(sc.name(), new Service(sc));
                added.add(sc.name());
                continue;
            }
            reordered.put(sc.name(), s);
            ServiceConfig old = s.config;
            if (!old.sameProcessAs(sc)) {
                takePolicy(s, sc);
                HeldSockets.closeIfIdle(s, "its sockets changed"); // else replaced at its next spawn
                if (s.active()) {
                    machine.restart(s, "configuration changed: " + String.join(", ", ProcessChanges.between(old, sc)),
                            null);
                    restarted.add(sc.name());
                } else {
                    updated.add(sc.name());
                }
            } else if (samePolicy(old, sc)) {
                unchanged.add(sc.name());
            } else {
                takePolicy(s, sc);
                updated.add(sc.name());
            }
            if (!old.startLimit().equals(sc.startLimit())) machine.startLimitChanged(s); // a fatal one's cool-down
        }
        for (Service s : table.all()) {
            if (s.removed && !reordered.containsKey(s.name) && s.active()) {
                reordered.put(s.name, s); // kept until its stop completes
            }
        }
        table.replaceAll(reordered);
        for (String n : added) {
            Service s = table.get(n);
            if (s.config.autostart()) machine.start(s, false, null);
        }
        return new ReloadOutcome(true, added, removed, restarted, updated, unchanged, List.of());
    }

    /** Every policy field equal too: nothing to do for this service. */
    static boolean samePolicy(ServiceConfig a, ServiceConfig b) {
        return a.restart() == b.restart() && a.successExitCodes().equals(b.successExitCodes())
                && a.backoff().equals(b.backoff()) && a.startLimit().equals(b.startLimit())
                && a.stop().equals(b.stop()) && a.reloadSignal() == b.reloadSignal() && a.ready().equals(b.ready())
                && a.requires().equals(b.requires()) && a.after().equals(b.after())
                && a.autostart() == b.autostart() && a.health().equals(b.health());
    }

    private static void takePolicy(Service s, ServiceConfig sc) {
        s.config = sc;
        s.snapshot = null;
        s.backoff.update(sc.backoff());
        s.startLimiter.update(sc.startLimit());
    }
}
