package org.pdsup.procdesc.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The Linux backend against real processes: plausible numbers, never timed. */
@EnabledOnOs(OS.LINUX)
class LinuxProcessStatsTest {

    private static LinuxProcessStats stats;

    @BeforeAll
    static void load() {
        stats = (LinuxProcessStats) ProcessStats.system();
    }

    private static String getconf(String name) throws Exception {
        Process p = new ProcessBuilder("getconf", name).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("getconf %s: %s", name, out).isZero();
        return out;
    }

    @Test
    void clockTicksAndPageSizeAreWhatGetconfSays() throws Exception {
        assertThat(stats.ticksPerSecond()).isEqualTo(Double.parseDouble(getconf("CLK_TCK")));
        assertThat(stats.pageSize()).isEqualTo(Long.parseLong(getconf("PAGESIZE")));
    }

    @Test
    void samplesAChildThatBurnsCpuAndHoldsMemory() throws Exception {
        int mib = 64;
        long burnMillis = 300;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-Xms16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), BurnerChild.class.getName(),
                Integer.toString(mib), Long.toString(burnMillis))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.US_ASCII));
            String ready = out.readLine();
            assertThat(ready).as("child output").startsWith("ready ");
            double burnedSeconds = Long.parseLong(ready.substring(6)) / 1e9;

            Optional<ProcessSample> sample = stats.sample((int) child.pid());
            assertThat(sample).isPresent();
            ProcessSample s = sample.get();
            // The child's whole-process CPU includes its burning thread's (measured by the thread itself).
            assertThat(s.userCpuSeconds() + s.systemCpuSeconds())
                    .isGreaterThanOrEqualTo(burnedSeconds - 2 / stats.ticksPerSecond());
            assertThat(s.userCpuSeconds()).isGreaterThan(0.1);
            // It touched 64 MiB; a small JVM stays well below 1 GiB.
            assertThat(s.residentBytes()).isGreaterThanOrEqualTo((long) mib << 20).isLessThan(1L << 30);

            // stat's rss and statm's resident are the same count (both get_mm_rss); the child is idle now.
            List<String> statm = List.of(Files.readString(Path.of("/proc/" + child.pid() + "/statm")).split(" "));
            long statmResident = Long.parseLong(statm.get(1)) * stats.pageSize();
            assertThat((double) s.residentBytes()).isCloseTo(statmResident, org.assertj.core.data.Percentage.withPercentage(5));

            // CPU time never goes backwards.
            ProcessSample later = stats.sample((int) child.pid()).orElseThrow();
            assertThat(later.userCpuSeconds()).isGreaterThanOrEqualTo(s.userCpuSeconds());
            assertThat(later.systemCpuSeconds()).isGreaterThanOrEqualTo(s.systemCpuSeconds());
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) child.destroyForcibly();
        }
    }

    @Test
    void aProcessThatIsGoneHasNoSample() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long pidMax = readSysctl("/proc/sys/kernel/pid_max");
        // PIDs run from 1 to pid_max - 1, so pid_max itself is never a process.
        assertThat(stats.sample((int) pidMax)).isEmpty();
        assertThat(stats.sample((int) p.pid())).as("reaped child %d", p.pid()).isEmpty();
    }

    /** Sysctl files answer only a read at offset 0 (proc_dointvec), so read them in one call. */
    private static long readSysctl(String path) throws IOException {
        try (var in = Files.newInputStream(Path.of(path))) {
            byte[] b = new byte[64];
            int n = in.read(b);
            return Long.parseLong(new String(b, 0, n, StandardCharsets.US_ASCII).strip());
        }
    }

    @Test
    void samplesThisJvm() {
        ProcessSample self = stats.sample((int) ProcessHandle.current().pid()).orElseThrow();
        assertThat(self.residentBytes()).isPositive();
        assertThat(self.userCpuSeconds()).isPositive();
    }

    @Test
    void refusesANonPositivePid() {
        assertThatThrownBy(() -> stats.sample(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pid must be positive: 0");
    }

    @Test
    void readsAProcRootOtherThanTheSystemOne() throws IOException {
        Path root = Files.createTempDirectory("fakeproc");
        Files.createDirectories(root.resolve("99"));
        Files.writeString(root.resolve("99/stat"),
                "99 (x y) R 1 99 99 0 -1 0 0 0 0 0 250 50 0 0 20 0 1 0 5 100 10 0 0\n");
        ProcessSample s = new LinuxProcessStats(root.toString(), 100, 4096).sample(99).orElseThrow();
        assertThat(s).isEqualTo(new ProcessSample(40960, 2.5, 0.5));
        assertThat(new LinuxProcessStats(root.toString(), 100, 4096).sample(98)).isEmpty();
    }
}
