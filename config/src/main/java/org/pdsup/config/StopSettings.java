package org.pdsup.config;

import java.time.Duration;

import org.pdsup.procdesc.Signal;

/** {@code services.NAME.stop}: send {@code signal}, then SIGKILL after {@code timeout}, to the process or its group. */
public record StopSettings(Signal signal, Duration timeout, StopMode mode) {}
