package org.pdsup.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.pdsup.daemon.metrics.ExpositionWriter.Type;

class ExpositionWriterTest {

    private static String write(ExpositionFormat format) throws IOException {
        ExpositionWriter w = new ExpositionWriter(format, 256);
        w.family("x_cpu_seconds", Type.COUNTER, "seconds", "CPU \"time\" \\ of\nruns");
        w.sample("x_cpu_seconds_total", 1.5, "mode", "user", "service", "a\"b\\c\nd");
        w.family("x_up", Type.GAUGE, null, "up");
        w.sample("x_up", 1);
        w.sample("x_up", 12_345_678_901L, "service", "big");
        w.sample("x_up", Double.NaN, "service", "nan");
        w.sample("x_up", Double.POSITIVE_INFINITY, "service", "inf");
        w.sample("x_up", 1e300, "service", "huge");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prometheusTextFormat() throws IOException {
        assertThat(write(ExpositionFormat.PROMETHEUS_TEXT)).isEqualTo(""
                + "# HELP x_cpu_seconds_total CPU \"time\" \\\\ of\\nruns\n"
                + "# TYPE x_cpu_seconds_total counter\n"
                + "x_cpu_seconds_total{mode=\"user\",service=\"a\\\"b\\\\c\\nd\"} 1.5\n"
                + "# HELP x_up up\n"
                + "# TYPE x_up gauge\n"
                + "x_up 1\n"
                + "x_up{service=\"big\"} 12345678901\n"
                + "x_up{service=\"nan\"} NaN\n"
                + "x_up{service=\"inf\"} +Inf\n"
                + "x_up{service=\"huge\"} 1e+300\n");
    }

    @Test
    void openMetrics() throws IOException {
        assertThat(write(ExpositionFormat.OPENMETRICS)).isEqualTo(""
                + "# TYPE x_cpu_seconds counter\n"
                + "# UNIT x_cpu_seconds seconds\n"
                + "# HELP x_cpu_seconds CPU \\\"time\\\" \\\\ of\\nruns\n"
                + "x_cpu_seconds_total{mode=\"user\",service=\"a\\\"b\\\\c\\nd\"} 1.5\n"
                + "# TYPE x_up gauge\n"
                + "# HELP x_up up\n"
                + "x_up 1\n"
                + "x_up{service=\"big\"} 12345678901\n"
                + "x_up{service=\"nan\"} NaN\n"
                + "x_up{service=\"inf\"} +Inf\n"
                + "x_up{service=\"huge\"} 1e+300\n");
    }

    @Test
    void promtoolAcceptsEscapedLabelValues() throws Exception {
        Promtool.assumeInstalled();
        ExpositionWriter w = new ExpositionWriter(ExpositionFormat.PROMETHEUS_TEXT, 256);
        w.family("pdsup_service_restarts", Type.COUNTER, null, "Restarts, \"quoted\" \\ and\nnewline");
        w.sample("pdsup_service_restarts_total", 3, "service", "we\"ird\\na\nme");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.writeTo(out);
        Promtool.Result r = Promtool.checkMetrics(out.toByteArray());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(Exposition.parse(out.toString(StandardCharsets.UTF_8))
                .value("pdsup_service_restarts_total", "service", "we\"ird\\na\nme")).isEqualTo(3.0);
    }
}
