package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload's new control limits and timeouts ({@link ControlServer#prepare}) count for the connections made
 * after it; the open ones keep theirs. A new socket path is refused: it needs a restart.
 */
@Timeout(60)
class ControlReconfigureTest {
    @TempDir
    Path dir;

    @Test
    void newLimitsAndIdleTimeoutCountForConnectionsMadeAfterTheReload() throws Exception {
        ControlServerSettings before = ServerFixture.settings(dir);
        try (ServerFixture fx = ServerFixture.start(dir, before); TestClient old = fx.client()) {
            assertThat(old.call("{\"op\":\"status\",\"id\":1}")).containsEntry("ok", true);

            fx.server.prepare(before.withLimits(64 * 1024, 2, Duration.ofMinutes(5), 1024)).commit();
            try (TestClient second = fx.client()) {
                // answered: admitted, so the next connection is the third
                assertThat(second.call("{\"op\":\"status\",\"id\":1}")).containsEntry("ok", true);
                try (TestClient third = fx.client()) {
                    Map<String, Object> refused = third.read();
                    assertThat(refused).containsEntry("ok", false);
                    assertThat(refused.toString()).contains("too_many_connections", "limit 2");
                }
            }

            fx.server.prepare(before.withLimits(64 * 1024, 256, Duration.ofMillis(300), 1024)).commit();
            try (TestClient fresh = fx.client()) {
                assertThat(fresh.call("{\"op\":\"status\",\"id\":1}")).containsEntry("ok", true);
                // the new idle timeout closes the new connection; the old one keeps its own (5 minutes)
                Map<String, Object> idle = fresh.readOrNull(30_000);
                assertThat(idle).as("the new connection's idle timeout").isNotNull();
                assertThat(idle.toString()).contains("timeout", "closing the idle connection");
                assertThat(old.call("{\"op\":\"status\",\"id\":2}")).containsEntry("ok", true);
            }
        }
    }

    @Test
    void aNewSocketPathNeedsARestart() throws Exception {
        ControlServerSettings before = ServerFixture.settings(dir);
        try (ServerFixture fx = ServerFixture.start(dir, before)) {
            ControlServerSettings moved = ControlServerSettings.defaults(dir.resolve("other.sock"));
            assertThatThrownBy(() -> fx.server.prepare(moved)).isInstanceOf(ControlServerException.class)
                    .hasMessageContaining("control.socket").hasMessageContaining("needs a restart of pdsupd");
        }
    }
}
