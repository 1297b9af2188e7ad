package org.pdsup.config;

/** {@code pdsupd.metrics}: the Prometheus endpoint. {@code host} and {@code port} come from {@code listen}. */
public record MetricsSettings(boolean enabled, String host, int port) {}
