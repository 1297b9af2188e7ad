package org.pdsup.procdesc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.linux.LinuxProcessDescriptors;
import org.pdsup.procdesc.linux.SpawnMode;

/** The backend is chosen by operating system; any other system is refused with its name. */
class BackendsTest {

    @Test
    void linuxGetsThePidfdBackend() {
        assertThat(ProcessDescriptors.system()).isInstanceOf(LinuxProcessDescriptors.class);
        assertThat(ProcessDescriptors.system()).isSameAs(ProcessDescriptors.system());
        assertThat(Backends.load("Linux")).isInstanceOf(LinuxProcessDescriptors.class);
        assertThat(ProcessDescriptors.system().describe()).startsWith("linux pidfd backend").contains("spawn mode");
        assertThat(Backends.fdConstants().eAgain()).isEqualTo(11);
    }

    @Test
    void otherSystemsAreRefusedByName() {
        assertThatThrownBy(() -> Backends.load("Plan 9"))
                .isInstanceOf(UnsupportedPlatformException.class)
                .hasMessageContaining("Plan 9");
        assertThatThrownBy(() -> Backends.load("Mac OS X"))
                .isInstanceOf(UnsupportedPlatformException.class)
                .hasMessageContaining("Mac OS X");
    }

    @Test
    void spawnModeComesFromTheSystemPropertyByDefault() {
        assertThat(SpawnMode.parse("direct")).isEqualTo(SpawnMode.DIRECT);
        assertThat(SpawnMode.parse(" Helper-Fork ")).isEqualTo(SpawnMode.HELPER_FORK);
        assertThatThrownBy(() -> SpawnMode.parse("fork"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown pdsup.spawn.mode 'fork': expected fork-server, helper-fork or direct");
        String saved = System.getProperty(SpawnMode.PROPERTY);
        try {
            System.setProperty(SpawnMode.PROPERTY, "direct");
            assertThat(new LinuxProcessDescriptors().mode()).isEqualTo(SpawnMode.DIRECT);
            System.clearProperty(SpawnMode.PROPERTY);
            assertThat(new LinuxProcessDescriptors().mode()).isEqualTo(SpawnMode.FORK_SERVER);
        } finally {
            if (saved != null) System.setProperty(SpawnMode.PROPERTY, saved);
        }
    }
}
