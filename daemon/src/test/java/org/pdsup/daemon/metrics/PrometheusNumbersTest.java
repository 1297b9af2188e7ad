package org.pdsup.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PrometheusNumbersTest {

    /** Each pair: a value and what Go's strconv.FormatFloat(v, 'g', -1, 64) prints for it. */
    @Test
    void writesNumbersAsGoDoes() {
        String[][] cases = {
                {"0.0001", "0.0001"}, {"0.00025", "0.00025"}, {"5.0E-4", "0.0005"}, {"1.0E-5", "1e-05"},
                {"1.5E-7", "1.5e-07"}, {"1.0", "1"}, {"2.5", "2.5"}, {"0.1", "0.1"}, {"123.456", "123.456"},
                {"100000", "100000"}, {"999999", "999999"}, {"1000000", "1e+06"}, {"1234567", "1.234567e+06"},
                {"1.0E21", "1e+21"}, {"1.0E100", "1e+100"}, {"-2.5", "-2.5"}, {"-1.0E-5", "-1e-05"}, {"0", "0"},
        };
        for (String[] c : cases) {
            assertThat(PrometheusNumbers.goFloat(Double.parseDouble(c[0]))).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(PrometheusNumbers.goFloat(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusNumbers.goFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(PrometheusNumbers.goFloat(Double.NaN)).isEqualTo("NaN");
    }

    /** client_golang's OpenMetrics form: a whole number gets ".0", the rest is as Go prints it. */
    @Test
    void labelValuesHaveThePointOfTheOpenMetricsForm() {
        assertThat(PrometheusNumbers.labelValue(1)).isEqualTo("1.0");
        assertThat(PrometheusNumbers.labelValue(0)).isEqualTo("0.0");
        assertThat(PrometheusNumbers.labelValue(5)).isEqualTo("5.0");
        assertThat(PrometheusNumbers.labelValue(100000)).isEqualTo("100000.0");
        assertThat(PrometheusNumbers.labelValue(1e6)).isEqualTo("1e+06");
        assertThat(PrometheusNumbers.labelValue(1e-4)).isEqualTo("0.0001");
        assertThat(PrometheusNumbers.labelValue(2.5e-4)).isEqualTo("0.00025");
        assertThat(PrometheusNumbers.labelValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void rewritesLeAndQuantileLabelsAndNothingElse() throws IOException {
        String in = String.join("\n",
                "# HELP x_seconds has {le=\"1.0E-4\"} in its help",
                "# TYPE x_seconds histogram",
                "x_seconds_bucket{le=\"1.0E-4\"} 1",
                "x_seconds_bucket{op=\"a\",le=\"2.5E-4\"} 2",
                "x_seconds_bucket{op=\"le=\\\"1.0E-4\\\"\",le=\"1.0\"} 3",
                "x_seconds_bucket{le=\"+Inf\"} 4",
                "y{quantile=\"1.0E-5\"} 1.0E-4",
                "z{alle=\"1.0E-4\",le=\"weird\"} 5",
                "");
        String expected = String.join("\n",
                "# HELP x_seconds has {le=\"1.0E-4\"} in its help",
                "# TYPE x_seconds histogram",
                "x_seconds_bucket{le=\"0.0001\"} 1",
                "x_seconds_bucket{op=\"a\",le=\"0.00025\"} 2",
                "x_seconds_bucket{op=\"le=\\\"1.0E-4\\\"\",le=\"1.0\"} 3",
                "x_seconds_bucket{le=\"+Inf\"} 4",
                "y{quantile=\"1e-05\"} 1.0E-4",
                "z{alle=\"1.0E-4\",le=\"weird\"} 5",
                "");
        byte[] bytes = in.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusNumbers.writeCanonical(bytes, bytes.length, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);

        ByteArrayOutputStream part = new ByteArrayOutputStream();
        PrometheusNumbers.writeCanonical(bytes, in.indexOf("x_seconds_bucket{op"), part);
        assertThat(part.toString(StandardCharsets.UTF_8)).isEqualTo(expected.substring(0,
                expected.indexOf("x_seconds_bucket{op")));
    }
}
