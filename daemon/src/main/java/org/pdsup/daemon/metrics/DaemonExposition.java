package org.pdsup.daemon.metrics;

import org.pdsup.daemon.metrics.ExpositionWriter.Type;

/**
 * The series about pdsupd itself that pdsup writes directly: {@code pdsup_build_info} and the outcome of
 * configuration reloads. Names, types and help texts here are the reference in docs/metrics.md.
 */
final class DaemonExposition {

    private final BuildInfo build;
    private final ReloadStatus reloads;

    DaemonExposition(BuildInfo build, ReloadStatus reloads) {
        this.build = build;
        this.reloads = reloads;
    }

    void write(ExpositionWriter w) {
        w.family("pdsup_build_info", Type.GAUGE, null,
                "Always 1; the labels say which pdsup runs: version, Java runtime, process-descriptor backend");
        w.sample("pdsup_build_info", 1,
                "backend", build.backend(), "java", build.java(), "version", build.version());

        ReloadStatus.State r = reloads.state();
        w.family("pdsup_config_last_reload_successful", Type.GAUGE, null,
                "1 if the last configuration reload was applied (or none was tried since start-up), "
                        + "0 if it was refused and the previous configuration is still in effect");
        w.sample("pdsup_config_last_reload_successful", r.lastSuccessful() ? 1 : 0);
        w.family("pdsup_config_last_reload_success_timestamp_seconds", Type.GAUGE, "seconds",
                "When the configuration in effect was loaded (start-up or the last applied reload), "
                        + "in seconds since the epoch");
        w.sample("pdsup_config_last_reload_success_timestamp_seconds",
                r.lastSuccess().getEpochSecond() + r.lastSuccess().getNano() / 1e9);
        w.family("pdsup_config_reloads", Type.COUNTER, null,
                "Configuration reloads tried since start-up (pdctl reload, SIGHUP), applied or refused");
        w.sample("pdsup_config_reloads_total", r.reloads());
        w.family("pdsup_config_reload_failures", Type.COUNTER, null,
                "Configuration reloads refused since start-up (the previous configuration stayed in effect)");
        w.sample("pdsup_config_reload_failures_total", r.failures());
    }
}
