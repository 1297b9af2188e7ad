package org.pdsup.procdesc;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Resource usage of one finished run (struct rusage of the reaped process). {@code maxRssBytes} is empty
 * where the platform cannot report it truthfully for the way the process was spawned.
 */
public record ResourceUsage(Duration userCpu, Duration systemCpu, OptionalLong maxRssBytes) {
}
