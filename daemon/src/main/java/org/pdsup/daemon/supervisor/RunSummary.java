package org.pdsup.daemon.supervisor;

import java.time.Instant;

/**
 * How one run of a service ended. {@code exit} is "exit N", "signal NAME", "signal NAME (core dumped)" or
 * "unknown (not our child)"; {@code code} is the exit code or -1; {@code signal} the signal name or null.
 * CPU times in seconds; {@code maxRssBytes} is -1 where unknown. {@code requested}: pdsupd had been asked to end
 * the run (operator stop or restart, reload, a requirement's stop or restart, shutdown), so it is not a crash.
 */
public record RunSummary(int pid, Instant startedAt, Instant endedAt, String exit, int code, String signal,
                         boolean coreDumped, double userCpuSeconds, double systemCpuSeconds, long maxRssBytes,
                         boolean requested) {

    /** A run that ended on its own. */
    public RunSummary(int pid, Instant startedAt, Instant endedAt, String exit, int code, String signal,
                      boolean coreDumped, double userCpuSeconds, double systemCpuSeconds, long maxRssBytes) {
        this(pid, startedAt, endedAt, exit, code, signal, coreDumped, userCpuSeconds, systemCpuSeconds, maxRssBytes,
                false);
    }
}
