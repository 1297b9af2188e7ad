package org.pdsup.procdesc.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.pdsup.procdesc.UnsupportedPlatformException;

class StatsBackendsTest {

    @Test
    void refusesAnUnknownSystemByName() {
        assertThatThrownBy(() -> StatsBackends.forOs("sunos"))
                .isInstanceOf(UnsupportedPlatformException.class)
                .hasMessage("process statistics: no backend for sunos (supported: FreeBSD, Linux)");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void choosesTheLinuxBackendOnLinuxAndKeepsOneInstance() {
        assertThat(ProcessStats.system()).isInstanceOf(LinuxProcessStats.class).isSameAs(ProcessStats.system());
    }

    @Test
    void sampleRejectsNegativeValues() {
        assertThatThrownBy(() -> new ProcessSample(-1, 0, 0)).hasMessageContaining("residentBytes < 0");
        assertThatThrownBy(() -> new ProcessSample(0, Double.NaN, 0)).hasMessageContaining("userCpuSeconds");
    }
}
