package org.pdsup.daemon.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import org.pdsup.daemon.metrics.ExpositionWriter.Type;
import org.pdsup.daemon.supervisor.RunSummary;
import org.pdsup.daemon.supervisor.ServiceSnapshot;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorSnapshot;
import org.pdsup.procdesc.stats.ProcessSample;
import org.pdsup.procdesc.stats.ProcessStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-service series and {@code pdsup_services}, computed when a scrape asks for them: one read of the
 * supervisor's published snapshot, one {@link ProcessStats} sample per running process, nothing kept between
 * scrapes. The services exposed are exactly those of the last {@link #servicesChanged(Set)}, so the series of a
 * removed service are gone from the next scrape and a new service's appear in it.
 *
 * <p>Counters are the snapshot's totals, which the supervisor only ever increases for a service, so they are
 * monotonic as exposed; {@code pdsup_service_process_cpu_seconds_total} is the current process's CPU and
 * starts again from 0 with each new process, which Prometheus' {@code rate()} reads as a counter reset.
 * A value that does not exist at the moment (no process, no finished run, a service not yet published)
 * reads 0, so that sums over services never become NaN.
 *
 * <p>The names, types, units and help texts here are the reference in docs/metrics.md.
 */
final class ServiceExposition {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceExposition.class);

    /** About 64 characters per series and 19 series per service. */
    private static final int CHARS_PER_SERVICE = 19 * 64;

    private final Supplier<SupervisorSnapshot> snapshots;
    private final ProcessStats processStats;
    private volatile List<String> services = List.of();
    private volatile boolean samplingFailureLogged;

    private final HealthCheckDurations healthDurations;

    ServiceExposition(Supplier<SupervisorSnapshot> snapshots, ProcessStats processStats,
                      HealthCheckDurations healthDurations) {
        this.snapshots = snapshots;
        this.processStats = processStats;
        this.healthDurations = healthDurations;
    }

    /** The configured services are now {@code names}. Any thread; takes effect with the next scrape. */
    void servicesChanged(Set<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        services = List.copyOf(sorted);
        healthDurations.retain(names);
    }

    List<String> services() {
        return services;
    }

    /** What one service contributes to one scrape. */
    private record Row(String name, ServiceSnapshot s, ProcessSample p) {
        ServiceState state() {
            return s == null ? null : s.state();
        }
    }

    /** Writes every family in {@code format}; OpenMetrics' {@code # EOF} is left to the caller. */
    void write(OutputStream out, ExpositionFormat format) throws IOException {
        SupervisorSnapshot snapshot = snapshots.get();
        Map<String, ServiceSnapshot> published = snapshot == null || snapshot.services() == null
                ? Map.of() : snapshot.services();
        List<String> names = services;
        List<Row> rows = new ArrayList<>(names.size());
        for (String name : names) {
            ServiceSnapshot s = published.get(name);
            rows.add(new Row(name, s, sample(name, s)));
        }
        ExpositionWriter w = new ExpositionWriter(format, 4096 + rows.size() * CHARS_PER_SERVICE);

        w.family("pdsup_service_up", Type.GAUGE, null,
                "1 if the service is running and ready (state running), else 0");
        for (Row r : rows) w.sample("pdsup_service_up", r.state() == ServiceState.RUNNING ? 1 : 0, "service", r.name);

        w.family("pdsup_service_state", Type.GAUGE, null,
                "1 for the state the service is in, 0 for every other state");
        for (Row r : rows) {
            for (ServiceState st : ServiceState.values()) {
                w.sample("pdsup_service_state", r.state() == st ? 1 : 0, "service", r.name, "state", st.wireName());
            }
        }

        counter(w, rows, "pdsup_service_restarts", null,
                "Restarts of the service by the supervisor (operator starts not counted)",
                s -> s.restarts());

        w.family("pdsup_service_exits", Type.COUNTER, null,
                "Finished runs of the service by how they ended: reason exit and the exit code, "
                        + "or reason signal and the signal name");
        for (Row r : rows) {
            if (r.s == null || r.s.exits() == null || r.s.exits().isEmpty()) continue;
            for (Map.Entry<String, Long> e : new TreeMap<>(r.s.exits()).entrySet()) {
                ExitReason reason = ExitReason.parse(e.getKey());
                w.sample("pdsup_service_exits_total", e.getValue() == null ? 0 : e.getValue(),
                        "code", reason.code(), "reason", reason.reason(), "service", r.name);
            }
        }

        counter(w, rows, "pdsup_service_spawn_failures", null,
                "Attempts to start the service that failed before it ran", s -> s.spawnFailures());

        w.family("pdsup_service_start_time_seconds", Type.GAUGE, "seconds",
                "Start time of the service's running process in seconds since the epoch, 0 if none runs");
        for (Row r : rows) w.sample("pdsup_service_start_time_seconds", startTimeSeconds(r.s), "service", r.name);

        w.family("pdsup_service_cpu_seconds", Type.COUNTER, "seconds",
                "CPU time of the service's finished runs, from the resource usage of each exit");
        for (Row r : rows) {
            w.sample("pdsup_service_cpu_seconds_total", r.s == null ? 0 : r.s.totalSystemCpuSeconds(),
                    "mode", "system", "service", r.name);
            w.sample("pdsup_service_cpu_seconds_total", r.s == null ? 0 : r.s.totalUserCpuSeconds(),
                    "mode", "user", "service", r.name);
        }

        w.family("pdsup_service_last_max_rss_bytes", Type.GAUGE, "bytes",
                "Peak resident memory of the service's last finished run, 0 if unknown");
        for (Row r : rows) {
            RunSummary last = r.s == null ? null : r.s.lastExit();
            w.sample("pdsup_service_last_max_rss_bytes", last == null || last.maxRssBytes() < 0 ? 0 : last.maxRssBytes(),
                    "service", r.name);
        }

        w.family("pdsup_service_resident_memory_bytes", Type.GAUGE, "bytes",
                "Resident memory of the service's running process, read at scrape time, 0 if none runs");
        for (Row r : rows) {
            w.sample("pdsup_service_resident_memory_bytes", r.p == null ? 0 : r.p.residentBytes(), "service", r.name);
        }

        w.family("pdsup_service_process_cpu_seconds", Type.COUNTER, "seconds",
                "CPU time of the service's running process so far, read at scrape time, 0 if none runs");
        for (Row r : rows) {
            w.sample("pdsup_service_process_cpu_seconds_total", r.p == null ? 0 : r.p.systemCpuSeconds(),
                    "mode", "system", "service", r.name);
            w.sample("pdsup_service_process_cpu_seconds_total", r.p == null ? 0 : r.p.userCpuSeconds(),
                    "mode", "user", "service", r.name);
        }

        counter(w, rows, "pdsup_service_output_dropped_bytes", "bytes",
                "Bytes of the service's output dropped because the log writer could not keep up",
                s -> s.outputDroppedBytes());

        HealthExposition.write(w, rows.stream().filter(r -> r.s != null && r.s.health() != null)
                .map(r -> r.s).toList(), healthDurations);

        Map<ServiceState, Integer> perState = new EnumMap<>(ServiceState.class);
        for (Row r : rows) if (r.state() != null) perState.merge(r.state(), 1, Integer::sum);
        w.family("pdsup_services", Type.GAUGE, null, "Configured services in each state");
        for (ServiceState st : ServiceState.values()) {
            w.sample("pdsup_services", perState.getOrDefault(st, 0), "state", st.wireName());
        }

        w.writeTo(out);
    }

    private static void counter(ExpositionWriter w, List<Row> rows, String name, String unit, String help,
                                ToDoubleFunction<ServiceSnapshot> value) {
        w.family(name, Type.COUNTER, unit, help);
        String sample = name + "_total";
        for (Row r : rows) w.sample(sample, r.s == null ? 0 : value.applyAsDouble(r.s), "service", r.name);
    }

    private static double startTimeSeconds(ServiceSnapshot s) {
        if (s == null || s.pid() <= 0 || s.startedAt() == null) return 0;
        return s.startedAt().getEpochSecond() + s.startedAt().getNano() / 1e9;
    }

    /** The running process's sample; null when none runs, it is gone, or it cannot be read (logged once). */
    private ProcessSample sample(String name, ServiceSnapshot s) {
        if (s == null || s.pid() <= 0) return null;
        try {
            return processStats.sample(s.pid()).orElse(null);
        } catch (RuntimeException e) {
            if (!samplingFailureLogged) {
                samplingFailureLogged = true;
                LOG.warn("metrics: cannot read the resident memory and CPU time of {} (pid {}): {}; "
                        + "reporting 0 (logged once)", name, s.pid(), e.toString());
            }
            return null;
        }
    }
}
