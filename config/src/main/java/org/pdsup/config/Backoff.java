package org.pdsup.config;

import java.time.Duration;

/**
 * {@code services.NAME.backoff}: the delay before restart number n is {@code min(max, initial * multiplier^(n-1))}
 * with up to {@code jitter} (a fraction) of random spread; a run that lasted {@code resetAfter} starts the
 * sequence again.
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter, Duration resetAfter) {}
