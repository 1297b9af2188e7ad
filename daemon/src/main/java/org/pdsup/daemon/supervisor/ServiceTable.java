package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.pdsup.daemon.output.Capture;

/**
 * The configured services in configuration order, and the {@link SupervisorSnapshot} published from them.
 * Everything but {@link #published()} runs on the supervisor thread. Changes made inside a batch
 * ({@link #beginBatch()} … {@link #endBatch()}) are published once, at its end. Outside a batch a service's
 * change ({@link #changed}) republishes only that service's snapshot (see {@link PublishedServices#with}); a
 * change of the service set rebuilds the whole snapshot.
 */
final class ServiceTable {
    private final SupervisorLoop loop;
    private final Capture output;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private volatile SupervisorSnapshot published = new SupervisorSnapshot(Instant.now(), PublishedServices.EMPTY);
    /** Positions of the current service set in published snapshots; null after the set changed. */
    private PublishedServices.Index publishedIndex;
    private int batch;
    private boolean dirty;
    /** Every snapshot must be rebuilt at the next publish (the set changed, or a batch changed services). */
    private boolean rebuild = true;
    /** Services whose snapshot was dropped since the last publish, without repeats. */
    private Set<Service> changed = new java.util.LinkedHashSet<>();

    ServiceTable(SupervisorLoop loop, Capture output, Collection<Service> initial) {
        this.loop = loop;
        this.output = output;
        for (Service s : initial) services.put(s.name, s);
        // published before the loop runs: the control socket opens before the boot, and a request in between
        // must find every configured service (stopped), not an empty set
        publishedIndex = new PublishedServices.Index(services.keySet());
        ServiceSnapshot[] values = new ServiceSnapshot[services.size()];
        int i = 0;
        for (Service s : services.values()) values[i++] = s.snapshot = snapshotOf(s);
        published = new SupervisorSnapshot(Instant.now(), new PublishedServices(publishedIndex, values));
        rebuild = false;
    }

    /** The service named so, or null. */
    Service get(String name) {
        return services.get(name);
    }

    /** The service named so. */
    Service require(String name) {
        Service s = services.get(name);
        if (s == null) throw unknown(name);
        return s;
    }

    UnknownServiceException unknown(String name) {
        return new UnknownServiceException(name, new ArrayList<>(services.keySet()));
    }

    Collection<Service> all() {
        return services.values();
    }

    Map<String, Service> byName() {
        return services;
    }

    Set<String> names() {
        return Set.copyOf(services.keySet());
    }

    /** Takes {@code next} as the service set, in its order (reload). */
    void replaceAll(Map<String, Service> next) {
        loop.assertInLoop();
        services.clear();
        services.putAll(next);
        publishedIndex = null;
        rebuild = true;
    }

    /** Forgets {@code s} (removed by reload, and now stopped), if it is still the one under its name. */
    boolean remove(Service s) {
        loop.assertInLoop();
        if (!services.remove(s.name, s)) return false;
        publishedIndex = null;
        rebuild = true;
        return true;
    }

    void beginBatch() {
        batch++;
    }

    /** The batch publishes at its end even when nothing in it changed a service (boot, reload). */
    void publishAtEnd() {
        dirty = true;
        rebuild = true; // a reload drops snapshots without telling the table
    }

    void endBatch() {
        if (--batch == 0 && dirty) publish();
    }

    /** {@code s} changed: drops its snapshot and publishes (now, or at the end of the current batch). */
    void changed(Service s) {
        s.snapshot = null;
        changed.add(s);
        publish();
    }

    /** Publishes a new snapshot now, or at the end of the current batch. */
    void publish() {
        loop.assertInLoop();
        if (batch > 0) {
            dirty = true;
            return;
        }
        dirty = false;
        if (publishedIndex == null) publishedIndex = new PublishedServices.Index(services.keySet());
        PublishedServices last = (PublishedServices) published.services();
        if (!rebuild && last.index() == publishedIndex) {
            published = new SupervisorSnapshot(Instant.now(), changedOnly(last));
            return;
        }
        rebuild = false;
        forgetChanged();
        ServiceSnapshot[] values = new ServiceSnapshot[services.size()];
        int i = 0;
        for (Service s : services.values()) {
            if (s.snapshot == null) s.snapshot = snapshotOf(s);
            values[i++] = s.snapshot;
        }
        published = new SupervisorSnapshot(Instant.now(), new PublishedServices(publishedIndex, values));
    }

    /** {@code last} with the snapshots of the changed services replaced (they are all in its index). */
    private PublishedServices changedOnly(PublishedServices last) {
        int[] positions = new int[changed.size()];
        ServiceSnapshot[] values = new ServiceSnapshot[changed.size()];
        int n = 0;
        for (Service s : changed) {
            int at = publishedIndex.position(s.name);
            if (at < 0 || services.get(s.name) != s) continue; // gone from the set: not published
            if (s.snapshot == null) s.snapshot = snapshotOf(s);
            positions[n] = at;
            values[n++] = s.snapshot;
        }
        forgetChanged();
        return n == 0 ? last : last.with(positions, values, n);
    }

    /**
     * Empties {@link #changed}; a set that grew large (a boot's batch holds every service) is dropped instead,
     * since clearing a hash set costs its capacity, not its size, and it would cost that on every transition.
     */
    private void forgetChanged() {
        if (changed.size() > 64) {
            changed = new java.util.LinkedHashSet<>();
        } else {
            changed.clear();
        }
    }

    /** The last published snapshot (any thread). */
    SupervisorSnapshot published() {
        return published;
    }

    ServiceSnapshot snapshotOf(Service s) {
        return Snapshots.of(s, output);
    }
}
