package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.time.Instant;

/**
 * The liveness check of one service as published in its {@link ServiceSnapshot} (null there when the service has
 * no {@code health} check).
 *
 * @param mode                 "exec", "tcp" or "http"
 * @param state                the verdict; kept after the run ends until the next run begins its checks
 * @param lastPassed           the last check passed (false when there was none)
 * @param lastResult           what the last check found, or null before the first
 * @param lastCheckAt          when the last check started, or null
 * @param lastDuration         how long it took, or null
 * @param consecutiveFailures  counted failures in a row now
 * @param failuresToRestart    {@code health.failures}
 * @param checks               checks run for this service since pdsupd started
 * @param failures             of those, the failed ones (counted or within {@code start-period})
 */
public record HealthSnapshot(String mode, HealthState state, boolean lastPassed, String lastResult,
                             Instant lastCheckAt, Duration lastDuration, int consecutiveFailures,
                             int failuresToRestart, long checks, long failures) {
}
