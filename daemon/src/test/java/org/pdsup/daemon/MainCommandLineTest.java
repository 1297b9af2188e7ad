package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pdsupd's one-shot modes: --check-config, --print-config, --version, and a bad command line. */
class MainCommandLineTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run pdsupd(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void checkConfigExitsZeroOnAValidFile() throws Exception {
        Path cfg = DaemonProcess.config(tmp, "a { command = [\"/bin/true\"] }");
        Run r = pdsupd("--check-config", "--config", cfg.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("configuration OK (1 services)");
    }

    @Test
    void checkConfigPrintsEveryErrorWithFileAndLineAndExits78() throws Exception {
        Path cfg = DaemonProcess.config(tmp, """
                a { command = ["bin/relative"] }
                b { command = ["/bin/true"], restart = sometimes }
                """);
        Run r = pdsupd("--check-config", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(r.err()).contains("2 errors").contains("pdsupd.conf:8:").contains("pdsupd.conf:9:")
                .contains("bin/relative").contains("sometimes");
    }

    @Test
    void checkConfigOfAMissingFileNamesIt() {
        Run r = pdsupd("--check-config", "--config", tmp.resolve("nope.conf").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(r.err()).contains("nope.conf");
    }

    @Test
    void printConfigShowsTheEffectiveConfiguration() throws Exception {
        Path cfg = DaemonProcess.config(tmp, "a { command = [\"/bin/true\"] }");
        Run r = pdsupd("--print-config", "--config", cfg.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("/bin/true").contains("backoff").contains("start-limit");
        Files.writeString(tmp.resolve("printed.conf"), r.out());
        assertThat(pdsupd("--check-config", "--config", tmp.resolve("printed.conf").toString()).code()).isZero();
    }

    @Test
    void versionAndBadOptions() {
        Run v = pdsupd("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("pdsupd ").contains("Java");
        Run bad = pdsupd("--no-such-option");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--no-such-option");
    }

    @Test
    void theBundledExampleIsValid() {
        assertThat(pdsupd("--check-config", "--example").code()).isZero();
    }
}
