package org.pdsup.config;

import java.time.Duration;

/** {@code services.NAME.start-limit}: more than {@code burst} starts within {@code interval} means state fatal. */
public record StartLimit(int burst, Duration interval) {}
