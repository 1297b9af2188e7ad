package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.pdsup.config.ControlSettings;

class ControlServerSettingsTest {

    @Test
    void mapsTheConfigurationFieldForField() {
        ControlSettings c = new ControlSettings(Path.of("/var/run/x.sock"), 0640, "pdsup", "operator",
                new LinkedHashSet<>(List.of("root", "alice")), Set.of("wheel"), Set.of("bob"), Set.of("operator"),
                128 * 1024, 32, Duration.ofMinutes(10), 512);
        ControlServerSettings s = ControlServerSettings.from(c);
        assertThat(s.socket()).isEqualTo(Path.of("/var/run/x.sock"));
        assertThat(s.mode()).isEqualTo(0640);
        assertThat(s.owner()).isEqualTo("pdsup");
        assertThat(s.group()).isEqualTo("operator");
        assertThat(s.adminUsers()).containsExactly("root", "alice");
        assertThat(s.adminGroups()).containsExactly("wheel");
        assertThat(s.readerUsers()).containsExactly("bob");
        assertThat(s.readerGroups()).containsExactly("operator");
        assertThat(s.maxFrameBytes()).isEqualTo(128 * 1024);
        assertThat(s.maxConnections()).isEqualTo(32);
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.streamBufferEvents()).isEqualTo(512);
    }

    @Test
    void refusesValuesTheServerCannotUse() {
        ControlServerSettings d = ControlServerSettings.defaults(Path.of("/tmp/x.sock"));
        assertThatThrownBy(() -> d.withSocketFile(01777, null, null)).hasMessageContaining("within 0777");
        assertThatThrownBy(() -> d.withLimits(100, 1, Duration.ZERO, 1)).hasMessageContaining("maxFrameBytes");
        assertThatThrownBy(() -> d.withLimits(1024, 0, Duration.ZERO, 1)).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> d.withLimits(1024, 1, Duration.ofSeconds(-1), 1)).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> d.withLimits(1024, 1, Duration.ZERO, 0)).hasMessageContaining("streamBufferEvents");
    }

    @Test
    void modeBitsBecomePosixPermissions() {
        assertThat(PosixFilePermissions.toString(SocketFile.permissions(0660))).isEqualTo("rw-rw----");
        assertThat(PosixFilePermissions.toString(SocketFile.permissions(0751))).isEqualTo("rwxr-x--x");
        assertThat(SocketFile.permissions(0)).isEmpty();
    }
}
