package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 defect 3: services with {@code autostart = false} are visible (status, start) right after boot and
 * right after a reload that adds one, although no service changed state.
 */
class AutostartVisibilityTest {
    @TempDir
    Path tmp;

    private static InProcessPdctl.Result pdctl(Path socket, String... args) {
        return InProcessPdctl.run(socket, args);
    }

    @Test
    void manualServicesArePublishedAfterBootAndAfterReload() throws Exception {
        Path cfg = DaemonProcess.config(tmp, """
                manual { command = ["/bin/sleep", "1000"], autostart = false }
                """);
        Path socket = tmp.resolve("pdsupd.sock");
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.awaitLine("boot complete", 0, Duration.ofSeconds(60));

            InProcessPdctl.Result status = pdctl(socket, "--json", "status");
            assertThat(status.code()).as("3: a named service is not running; %s", status.err()).isIn(0, 3);
            assertThat(status.out()).contains("\"name\":\"manual\"").contains("\"state\":\"stopped\"");

            DaemonProcess.config(tmp, """
                    manual { command = ["/bin/sleep", "1000"], autostart = false }
                    later { command = ["/bin/sleep", "1000"], autostart = false }
                    """);
            InProcessPdctl.Result reload = pdctl(socket, "reload");
            assertThat(reload.code()).as(reload.err()).isZero();
            InProcessPdctl.Result after = pdctl(socket, "--json", "status", "later");
            assertThat(after.code()).as("3: not running; %s", after.err()).isEqualTo(3);
            assertThat(after.out()).contains("\"name\":\"later\"").contains("\"state\":\"stopped\"");

            InProcessPdctl.Result start = pdctl(socket, "start", "later");
            assertThat(start.code()).as(start.out() + start.err()).isZero();
            assertThat(pdctl(socket, "--json", "status", "later").out()).contains("\"state\":\"running\"");
            pdctl(socket, "stop", "later");
        }
    }
}
