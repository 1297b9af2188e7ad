package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit shipped in share/examples/pdsup: {@code systemd-analyze verify} finds nothing wrong with it
 * once its /usr/local paths point at an unpacked tarball, and it leaves the stopping of services to pdsupd.
 */
class SystemdUnitTest {
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    Path tmp;

    @Test
    void unitVerifiesAgainstTheTarballsPrograms() throws Exception {
        Path prefix = Tarball.unpack(tmp.resolve("p"));
        String unit = Files.readString(prefix.resolve("share/examples/pdsup/pdsupd.service"));
        assertThat(unit).contains("\nKillMode=process\n", "\nType=simple\n",
                "\nExecStart=/usr/local/bin/pdsupd --config /etc/pdsupd/pdsupd.conf\n",
                "\nExecReload=/usr/local/bin/pdctl ");

        Assumptions.assumeTrue(Files.isExecutable(ANALYZE), ANALYZE + " is not installed");
        Path relocated = tmp.resolve("pdsupd.service");
        Files.writeString(relocated, unit.replace("/usr/local/bin/", prefix.resolve("bin") + "/"));
        Run.Result r = Run.run(List.of(ANALYZE.toString(), "verify", "--man=no", relocated.toString()), Map.of(),
                Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out() + r.err()).as("systemd-analyze verify findings").isEmpty();
    }
}
