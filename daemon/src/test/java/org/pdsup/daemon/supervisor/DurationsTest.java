package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one duration format of log lines, reasons and messages. */
class DurationsTest {
    @ParameterizedTest(name = "{0} us -> {1}")
    @CsvSource({
        "0, 0.0ms",
        "1849, 1.8ms",
        "9999, 9.9ms",
        "10000, 10ms",
        "999999, 999ms",
        "1000000, 1s",
        "1500000, 1.5s",
        "1234567, 1.234s",
        "60000000, 60s",
        "29365000, 29.365s",
        "3600000000, 3600s",
    })
    void formats(long micros, String expected) {
        assertThat(Durations.format(Duration.ofNanos(micros * 1000))).isEqualTo(expected);
    }
}
