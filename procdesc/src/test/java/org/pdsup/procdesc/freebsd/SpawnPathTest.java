package org.pdsup.procdesc.freebsd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which spawn path is chosen from what was probed, where the helper is looked for, and what describe() says. */
class SpawnPathTest {

    @Test
    void probedSymbolsDecide() {
        assertThat(SpawnPath.choose(null, true, true)).isEqualTo(SpawnPath.PROCDESC_ATTR);
        assertThat(SpawnPath.choose(null, true, false)).isEqualTo(SpawnPath.PROCDESC_ATTR);
        assertThat(SpawnPath.choose(null, false, true)).isEqualTo(SpawnPath.EXEC_HELPER);
        assertThat(SpawnPath.choose("", false, false)).isEqualTo(SpawnPath.PID_ONLY);
    }

    @Test
    void aForcedPathMustBeAvailable() {
        assertThat(SpawnPath.choose("exec-helper", true, true)).isEqualTo(SpawnPath.EXEC_HELPER);
        assertThat(SpawnPath.choose(" PID-ONLY ", true, true)).isEqualTo(SpawnPath.PID_ONLY);
        assertThatThrownBy(() -> SpawnPath.choose("procdesc-attr", false, true))
                .hasMessageContaining("no posix_spawnattr_setprocdescp_np");
        assertThatThrownBy(() -> SpawnPath.choose("exec-helper", true, false)).hasMessageContaining("not found");
        assertThatThrownBy(() -> SpawnPath.choose("fork", true, true))
                .hasMessageContaining("pdsup.freebsd.spawn=fork is not one of procdesc-attr, exec-helper, pid-only");
    }

    @Test
    void helperLocation(@TempDir Path dir) throws Exception {
        assertThat(ExecHelperLocator.configured("/opt/x/pdsup-exec", "/ignored")).contains(Path.of("/opt/x/pdsup-exec"));
        assertThat(ExecHelperLocator.configured(null, "/usr/local/pdsup"))
                .contains(Path.of("/usr/local/pdsup/libexec/pdsup-exec"));
        assertThat(ExecHelperLocator.configured(" ", null)).isEmpty();
        Path helper = Files.createDirectories(dir.resolve("libexec")).resolve("pdsup-exec");
        Files.writeString(helper, "#!/bin/sh\n");
        String before = System.getProperty(ExecHelperLocator.HELPER_PROPERTY);
        String home = System.getProperty(ExecHelperLocator.HOME_PROPERTY);
        try {
            System.clearProperty(ExecHelperLocator.HELPER_PROPERTY);
            System.setProperty(ExecHelperLocator.HOME_PROPERTY, dir.toString());
            assertThat(ExecHelperLocator.find()).as("not executable yet").isEmpty();
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertThat(ExecHelperLocator.find()).contains(helper.toAbsolutePath());
        } finally {
            restore(ExecHelperLocator.HELPER_PROPERTY, before);
            restore(ExecHelperLocator.HOME_PROPERTY, home);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }

    @Test
    void describeNamesThePathAndWhatWasProbed() {
        String helper = FreeBsdProcessDescriptors.describe("libc.so.7", SpawnPath.EXEC_HELPER,
                Optional.of(Path.of("/usr/local/libexec/pdsup-exec")), false, false);
        assertThat(helper).contains("spawn=exec-helper").contains("pdfork + SCM_RIGHTS").contains("wait4(pid)")
                .contains("no pdwait").contains("EVFILT_PROCDESC").contains("/usr/local/libexec/pdsup-exec");
        String attr = FreeBsdProcessDescriptors.describe("libc.so.7", SpawnPath.PROCDESC_ATTR, Optional.empty(), true, true);
        assertThat(attr).contains("spawn=procdesc-attr").contains("posix_spawnattr_setprocdescp_np")
                .contains("exit status via pdwait").contains("exec helper not found");
        String pidOnly = FreeBsdProcessDescriptors.describe("libc.so.7", SpawnPath.PID_ONLY, Optional.empty(), false, false);
        assertThat(pidOnly).contains("spawn=pid-only").contains("PID-ONLY FALLBACK").contains("EVFILT_PROC")
                .contains("no kill-on-close");
    }
}
