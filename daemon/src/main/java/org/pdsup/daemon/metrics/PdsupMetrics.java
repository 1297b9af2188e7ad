package org.pdsup.daemon.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.pdsup.daemon.supervisor.ReloadListener;
import org.pdsup.daemon.supervisor.SupervisorObserver;
import org.pdsup.daemon.supervisor.SupervisorSnapshot;
import org.pdsup.procdesc.stats.ProcessSample;
import org.pdsup.procdesc.stats.ProcessStats;

/**
 * pdsupd's metrics: a Micrometer {@link PrometheusMeterRegistry} holding the JVM and process binders and the
 * spawn and control-request histograms (fed as things happen, through {@link DaemonMetrics}), plus the
 * per-service series, which {@link ServiceExposition} computes from the supervisor's published
 * {@link SupervisorSnapshot} and the running processes' memory and CPU ({@link ProcessStats}) when, and only
 * when, a scrape asks, and writes after the registry's families, and the series about pdsupd itself ({@link
 * DaemonExposition}: build, configuration reloads). The registry's histogram buckets are rewritten to the
 * canonical {@code le} form ({@link PrometheusNumbers}). Nothing is sampled on a timer and no thread is started
 * here.
 *
 * <p>Why the per-service series are not Micrometer meters: at 1,000 services (19,000 series) a meter per
 * series, and even a Prometheus-client collector, cost more than the scrape budget under the daemon's
 * C1-only JVM flags (docs/benchmarks.md, "Metrics scrape"); written directly they cost a fraction of it. And
 * there are no meters to register or remove: a service's series exist exactly while it is configured.
 *
 * <p>Which services have series is set by {@link #servicesChanged(Set)}, which the supervisor calls after
 * every configuration load or reload; it never waits for a scrape.
 */
public final class PdsupMetrics implements DaemonMetrics, SupervisorObserver, ScrapeSource, AutoCloseable {

    /** Histogram buckets of {@code pdsup_spawn_duration_seconds}: posix_spawn plus the exec helper. */
    static final Duration[] SPAWN_BUCKETS = millis(0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000);
    /** Histogram buckets of {@code pdsup_control_request_duration_seconds}. */
    static final Duration[] CONTROL_BUCKETS = millis(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500);

    /** Label values taken from the wire are kept only if they look like an op name or error code. */
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}");
    /** At most this many distinct op (and op, outcome) label values, so a client cannot grow the series. */
    static final int MAX_OPS = 64;
    static final int MAX_OP_OUTCOMES = 256;
    static final String OTHER = "other";

    /** The last line of an OpenMetrics exposition. */
    private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

    private final PrometheusMeterRegistry registry;
    private final Supplier<SupervisorSnapshot> snapshots;
    private final JvmBinders jvm;
    private final Timer spawnDuration;
    private final ServiceExposition services;
    private final ReloadStatus reloads = new ReloadStatus(Instant.now());
    private final DaemonExposition daemon;
    private final HealthCheckDurations healthDurations = new HealthCheckDurations();
    private final Map<String, Timer> controlTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> controlCounters = new ConcurrentHashMap<>();

    /** Metrics over {@code snapshots}, reading processes through {@link ProcessStats#system()}. */
    public PdsupMetrics(Supplier<SupervisorSnapshot> snapshots) {
        this(snapshots, ProcessStats.system());
    }

    /** pdsupd's metrics: {@code build} labels {@code pdsup_build_info}; made right after the configuration loaded. */
    public PdsupMetrics(Supplier<SupervisorSnapshot> snapshots, BuildInfo build) {
        this(snapshots, ProcessStats.system(), build);
    }

    public PdsupMetrics(Supplier<SupervisorSnapshot> snapshots, ProcessStats processStats) {
        this(snapshots, processStats, BuildInfo.unknown());
    }

    public PdsupMetrics(Supplier<SupervisorSnapshot> snapshots, ProcessStats processStats, BuildInfo build) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(processStats, "processStats");
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmBinders.configure(registry);
        this.jvm = new JvmBinders().bindTo(registry);
        int self = (int) ProcessHandle.current().pid();
        Gauge.builder("process.resident.memory", processStats,
                        p -> p.sample(self).map(ProcessSample::residentBytes).orElse(0L))
                .baseUnit("bytes")
                .description("Resident memory of pdsupd itself, read at scrape time")
                .strongReference(true)
                .register(registry);
        this.spawnDuration = Timer.builder("pdsup.spawn.duration")
                .description("Time from a spawn request to the process descriptor (or the failure)")
                .serviceLevelObjectives(SPAWN_BUCKETS)
                .register(registry);
        this.services = new ServiceExposition(this.snapshots, processStats, healthDurations);
        this.daemon = new DaemonExposition(Objects.requireNonNull(build, "build"), reloads);
    }

    /**
     * What the supervisor tells about reloads (as its {@link SupervisorObserver}): feeds {@code pdsup_config_*}.
     * Until the first reload, the configuration counts as loaded successfully when these metrics were made.
     */
    public ReloadListener reloadListener() {
        return reloads;
    }

    @Override
    public void reloaded(boolean applied, Instant at) {
        reloads.reloaded(applied, at);
    }

    /**
     * The registry, for binding more meters. Scrape through {@link #scrape(String, OutputStream)}: the
     * registry's own scrape lacks the per-service series.
     */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * The configured services are now {@code names}: from the next scrape on, new names have series and the
     * series of names no longer present are gone. Safe from any thread; never waits for a scrape.
     */
    @Override
    public void servicesChanged(Set<String> names) {
        services.servicesChanged(names);
    }

    @Override
    public void healthChecked(String service, Duration took, boolean passed) {
        healthDurations.record(service, took.toNanos() / 1e9);
    }

    @Override
    public void spawnTook(Duration duration) {
        spawnDuration.record(duration);
    }

    @Override
    public void controlRequest(String op, String outcome, Duration latency) {
        String opLabel = bounded(labelValue(op), controlTimers, MAX_OPS);
        controlTimers.computeIfAbsent(opLabel, this::newControlTimer).record(latency);
        String outcomeLabel = labelValue(outcome);
        String key = opLabel + '\u0000' + outcomeLabel;
        if (!controlCounters.containsKey(key) && controlCounters.size() >= MAX_OP_OUTCOMES) {
            opLabel = OTHER;
            outcomeLabel = OTHER;
            key = OTHER + '\u0000' + OTHER;
        }
        Counter c = controlCounters.get(key);
        if (c == null) c = controlCounters.computeIfAbsent(key, newControlCounter(opLabel, outcomeLabel));
        c.increment();
    }

    private Timer newControlTimer(String op) {
        return Timer.builder("pdsup.control.request.duration")
                .tag("op", op)
                .description("Time to answer a control request, from its frame to the reply")
                .serviceLevelObjectives(CONTROL_BUCKETS)
                .register(registry);
    }

    private Function<String, Counter> newControlCounter(String op, String outcome) {
        return k -> Counter.builder("pdsup.control.requests")
                .tag("op", op).tag("outcome", outcome)
                .description("Control requests answered, by operation and outcome (ok or the error code)")
                .register(registry);
    }

    private static String bounded(String value, Map<String, ?> seen, int max) {
        return seen.containsKey(value) || seen.size() < max ? value : OTHER;
    }

    @Override
    public ExpositionFormat scrape(String acceptHeader, OutputStream out) throws IOException {
        ExpositionFormat format = ExpositionFormat.forAccept(acceptHeader);
        var registryPart = new ByteArrayOutputStream(32 * 1024);
        registry.scrape(registryPart, format.contentType());      // the Micrometer meters, about 100 series
        byte[] r = registryPart.toByteArray();
        int length = r.length;
        if (format == ExpositionFormat.OPENMETRICS && endsWith(r, EOF)) length -= EOF.length;
        PrometheusNumbers.writeCanonical(r, length, out);       // le="0.0001", not Micrometer's le="1.0E-4"
        ExpositionWriter own = new ExpositionWriter(format, 2048);
        daemon.write(own);
        own.writeTo(out);
        services.write(out, format);
        if (format == ExpositionFormat.OPENMETRICS) out.write(EOF);
        return format;
    }

    /** One scrape as a string, in the format {@code acceptHeader} asks for. */
    public String scrape(String acceptHeader) {
        var out = new ByteArrayOutputStream(64 * 1024);
        try {
            scrape(acceptHeader, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Names of the services that have series now (for tests). */
    Set<String> servicesWithSeries() {
        return Set.copyOf(services.services());
    }

    @Override
    public void close() {
        jvm.close();
        registry.close();
    }

    private static boolean endsWith(byte[] a, byte[] suffix) {
        if (a.length < suffix.length) return false;
        for (int i = 0; i < suffix.length; i++) {
            if (a[a.length - suffix.length + i] != suffix[i]) return false;
        }
        return true;
    }

    static String labelValue(String s) {
        return s != null && LABEL_VALUE.matcher(s).matches() ? s : OTHER;
    }

    private static Duration[] millis(double... ms) {
        Duration[] d = new Duration[ms.length];
        for (int i = 0; i < ms.length; i++) d[i] = Duration.ofNanos(Math.round(ms[i] * 1_000_000));
        return d;
    }
}
