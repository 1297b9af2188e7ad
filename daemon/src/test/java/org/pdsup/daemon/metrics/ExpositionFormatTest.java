package org.pdsup.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpositionFormatTest {

    @Test
    void prometheusTextByDefault() {
        assertThat(ExpositionFormat.forAccept(null)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(ExpositionFormat.forAccept("")).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(ExpositionFormat.forAccept("*/*")).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(ExpositionFormat.forAccept("text/plain;version=0.0.4")).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(ExpositionFormat.forAccept("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily"))
                .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    }

    @Test
    void openMetricsWhenListedWithAPositiveQuality() {
        assertThat(ExpositionFormat.forAccept("application/openmetrics-text;version=1.0.0,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"))
                .isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(ExpositionFormat.forAccept("text/plain;q=0.5, Application/OpenMetrics-Text; q=0.9"))
                .isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(ExpositionFormat.forAccept("application/openmetrics-text;q=0, text/plain"))
                .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(ExpositionFormat.forAccept("application/openmetrics-text;q=bogus"))
                .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    }

    @Test
    void contentTypesAreTheStandardOnes() {
        assertThat(ExpositionFormat.PROMETHEUS_TEXT.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(ExpositionFormat.OPENMETRICS.contentType())
                .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    }
}
