package org.pdsup.daemon.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * Micrometer's JVM and process binders, chosen because none of them starts a thread or a timer: each reads
 * its MXBean when scraped, except {@link JvmGcMetrics}, which listens to the JVM's own GC notifications
 * (delivered by the JVM's notification thread, which exists anyway) and must be closed to unregister.
 * Left out on purpose: {@code JvmHeapPressureMetrics} (keeps a time window of GC overhead), {@code
 * ExecutorServiceMetrics} and {@code DiskSpaceMetrics} (nothing to watch), {@code JvmInfoMetrics} (static).
 *
 * <p>Two of {@link ProcessorMetrics}' names fail {@code promtool check metrics}: {@code process.cpu.time}
 * (nanoseconds: "abbreviated units") is replaced by the conventional {@code process_cpu_seconds_total}, and
 * {@code system.cpu.count} ("_count" suffix on a gauge) is renamed {@code system_cpus}.
 */
final class JvmBinders implements AutoCloseable {

    private final JvmGcMetrics gc = new JvmGcMetrics();

    static final String MICROMETER_PROCESS_CPU_NANOS = "process.cpu.time";
    static final String MICROMETER_CPU_COUNT = "system.cpu.count";

    /** Installs the renaming filters; must run before any meter is registered. */
    static void configure(MeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals(MICROMETER_PROCESS_CPU_NANOS)));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals(MICROMETER_CPU_COUNT) ? id.withName("system.cpus") : id;
            }
        });
    }

    JvmBinders bindTo(MeterRegistry registry) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            FunctionCounter.builder("process.cpu", sun, b -> b.getProcessCpuTime() / 1e9)
                    .baseUnit("seconds")
                    .description("CPU time of pdsupd itself, user and system")
                    .register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return this;
    }

    @Override
    public void close() {
        gc.close();
    }
}
