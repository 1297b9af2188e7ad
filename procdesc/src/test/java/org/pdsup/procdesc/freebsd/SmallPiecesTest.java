package org.pdsup.procdesc.freebsd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jnr.ffi.Pointer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;
import org.pdsup.procdesc.Signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signals, errno texts, signal sets, native string arrays, kinfo_proc checks, spawn pre-flight errors. */
class SmallPiecesTest {

    @Test
    void everyPortableSignalHasItsFreeBsdNumber() {
        // platform-facts 1.10 and sys/sys/signal.h
        Map<Signal, Integer> expected = Map.ofEntries(Map.entry(Signal.HUP, 1), Map.entry(Signal.INT, 2),
                Map.entry(Signal.QUIT, 3), Map.entry(Signal.ILL, 4), Map.entry(Signal.TRAP, 5), Map.entry(Signal.ABRT, 6),
                Map.entry(Signal.FPE, 8), Map.entry(Signal.KILL, 9), Map.entry(Signal.BUS, 10), Map.entry(Signal.SEGV, 11),
                Map.entry(Signal.SYS, 12), Map.entry(Signal.PIPE, 13), Map.entry(Signal.ALRM, 14), Map.entry(Signal.TERM, 15),
                Map.entry(Signal.URG, 16), Map.entry(Signal.STOP, 17), Map.entry(Signal.TSTP, 18), Map.entry(Signal.CONT, 19),
                Map.entry(Signal.CHLD, 20), Map.entry(Signal.TTIN, 21), Map.entry(Signal.TTOU, 22), Map.entry(Signal.IO, 23),
                Map.entry(Signal.XCPU, 24), Map.entry(Signal.XFSZ, 25), Map.entry(Signal.VTALRM, 26),
                Map.entry(Signal.PROF, 27), Map.entry(Signal.WINCH, 28), Map.entry(Signal.USR1, 30), Map.entry(Signal.USR2, 31));
        assertThat(expected).hasSize(Signal.values().length);
        for (Signal s : Signal.values()) {
            assertThat(FreeBsdSignals.number(s)).as(s.name()).isEqualTo(expected.get(s));
            assertThat(FreeBsdSignals.of(expected.get(s))).contains(s);
        }
        assertThat(FreeBsdSignals.of(7)).as("SIGEMT has no portable name").isEmpty();
        assertThat(FreeBsdSignals.of(29)).as("SIGINFO").isEmpty();
        assertThat(FreeBsdSignals.of(32)).as("SIGTHR").isEmpty();
        assertThat(FreeBsdSignals.of(0)).isEmpty();
        assertThat(FreeBsdSignals.of(129)).isEmpty();
        assertThat(FreeBsdSignals.of(-1)).isEmpty();
    }

    @Test
    void errnoTextsUseFreeBsdNumbers() {
        assertThat(FreeBsdErrno.describe(35)).isEqualTo("Resource temporarily unavailable (EAGAIN, errno 35)");
        assertThat(FreeBsdErrno.describe(78)).isEqualTo("Function not implemented (ENOSYS, errno 78)");
        assertThat(FreeBsdErrno.describe(93)).isEqualTo("Capabilities insufficient (ENOTCAPABLE, errno 93)");
        assertThat(FreeBsdErrno.describe(3)).isEqualTo("No such process (ESRCH, errno 3)");
        assertThat(FreeBsdErrno.name(11)).as("11 is EDEADLK on FreeBSD").isEqualTo("EDEADLK");
        assertThat(FreeBsdErrno.describe(999)).isEqualTo("Unknown error: 999");
        assertThat(FreeBsdErrno.isTransient(35)).isTrue();
        assertThat(FreeBsdErrno.isTransient(67)).as("EPROCLIM").isTrue();
        assertThat(FreeBsdErrno.isTransient(12)).as("ENOMEM").isTrue();
        assertThat(FreeBsdErrno.isTransient(11)).isFalse();
        assertThat(new NativeCallException("pdkill(5, SIGTERM)", 3).getMessage())
                .isEqualTo("pdkill(5, SIGTERM) failed: No such process (ESRCH, errno 3)");
    }

    @Test
    void sigsetBitsFollowSigsetH() {
        byte[] one = FreeBsdSigset.encode(s -> s == 1);
        assertThat(one).hasSize(16);
        assertThat(one[0]).isEqualTo((byte) 0x01);
        byte[] thirtyThree = FreeBsdSigset.encode(s -> s == 33);
        assertThat(thirtyThree[4]).as("signal 33 is bit 0 of word 1").isEqualTo((byte) 0x01);
        byte[] last = FreeBsdSigset.encode(s -> s == 128);
        assertThat(last[15]).isEqualTo((byte) 0x80);
        byte[] all = FreeBsdSigset.allButThreadSignal();
        for (int s = 1; s <= 128; s++) assertThat(FreeBsdSigset.isMember(all, s)).as("signal " + s).isEqualTo(s != 32);
        assertThat(all[3]).as("bit 31 of word 0 = signal 32 cleared").isEqualTo((byte) 0x7f);
        assertThat(FreeBsdSigset.empty()).containsOnly((byte) 0);
    }

    @Test
    void nativeStringArraysAreNullTerminated() {
        NativeStringArray a = NativeStringArray.of(List.of("sh", "-c", "écho ü", ""));
        assertThat(a.size()).isEqualTo(4);
        assertThat(a.read()).containsExactly("sh", "-c", "écho ü", "");
        assertThat(a.pointer().getAddress(8L * 4)).isZero();
        assertThat(NativeStringArray.of(List.of()).read()).isEmpty();
        assertThatThrownBy(() -> NativeStringArray.of(List.of("a\0b"))).hasMessageContaining("NUL");
    }

    @Test
    void kinfoProcDecodingChecksTheLayout() {
        Pointer buf = FreeBsdNative.allocate(KinfoProcLayout.SIZE);
        buf.putInt(KinfoProcLayout.KI_STRUCTSIZE, 1088);
        buf.putInt(KinfoProcLayout.KI_PID, 77);
        buf.putInt(KinfoProcLayout.KI_PPID, 1);
        buf.putLong(KinfoProcLayout.KI_START, 1_700_000_000L);
        buf.putLong(KinfoProcLayout.KI_START + 8, 250_000L);
        assertThat(KinfoProc.decode(buf, 1088, 77))
                .isEqualTo(new KinfoProc(77, 1, Instant.ofEpochSecond(1_700_000_000L, 250_000_000L)));
        assertThatThrownBy(() -> KinfoProc.decode(buf, 1088, 78)).hasMessageContaining("ki_pid");
        assertThatThrownBy(() -> KinfoProc.decode(buf, 1096, 77)).hasMessageContaining("1096 bytes");
        buf.putLong(KinfoProcLayout.KI_START + 8, 1_000_000L);
        assertThatThrownBy(() -> KinfoProc.decode(buf, 1088, 77)).hasMessageContaining("plausible timeval");
    }

    @Test
    void adoptionToleratesBootTimeDriftOfASecond() {
        Instant t = Instant.parse("2026-03-01T10:00:00.123456Z");
        assertThat(AdoptedProcess.sameStart(t, t.plusMillis(999))).isTrue();
        assertThat(AdoptedProcess.sameStart(t, t.minusMillis(1000))).isTrue();
        assertThat(AdoptedProcess.sameStart(t, t.plusMillis(1001))).isFalse();
    }

    @Test
    void preflightNamesThePathAndTheReason(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> FreeBsdSpawner.preflight(SpawnSpec.builder(List.of("/no/such/prog")).build()))
                .isInstanceOf(SpawnException.class)
                .hasMessage("cannot execute /no/such/prog: No such file or directory (ENOENT, errno 2)")
                .extracting(e -> ((SpawnException) e).stage()).isEqualTo("exec");
        Path plain = Files.writeString(dir.resolve("data.txt"), "x");
        assertThatThrownBy(() -> FreeBsdSpawner.preflight(SpawnSpec.builder(List.of(plain.toString())).build()))
                .hasMessageContaining("cannot execute " + plain).hasMessageContaining("EACCES, errno 13");
        assertThatThrownBy(() -> FreeBsdSpawner.preflight(SpawnSpec.builder(List.of(dir.toString())).build()))
                .hasMessageContaining("it is a directory");
        assertThatThrownBy(() -> FreeBsdSpawner.preflight(SpawnSpec.builder(Path.of("sh"), List.of("sh")).build()))
                .hasMessageContaining("must be absolute");
        SpawnSpec badDir = SpawnSpec.builder(List.of("/bin/sh")).directory(dir.resolve("gone")).build();
        assertThatThrownBy(() -> FreeBsdSpawner.preflight(badDir))
                .hasMessageContaining("cannot change to working directory " + dir.resolve("gone"))
                .extracting(e -> ((SpawnException) e).stage()).isEqualTo("chdir");
        SpawnSpec fileDir = SpawnSpec.builder(List.of("/bin/sh")).directory(plain).build();
        assertThatThrownBy(() -> FreeBsdSpawner.preflight(fileDir)).hasMessageContaining("ENOTDIR, errno 20");
        FreeBsdSpawner.preflight(SpawnSpec.builder(List.of("/bin/sh")).directory(dir).build());
    }

    @Test
    void posixSpawnErrorsAreMappedToStages(@TempDir Path dir) {
        SpawnSpec s = SpawnSpec.builder(List.of("/bin/sh")).build();
        SpawnException busy = FreeBsdSpawner.spawnFailure(s, Path.of("/bin/sh"), 35);
        assertThat(busy.transientFailure()).isTrue();
        assertThat(busy.stage()).isEqualTo("posix_spawn");
        assertThat(busy.getMessage()).contains("EAGAIN, errno 35");
        SpawnException noexec = FreeBsdSpawner.spawnFailure(s, Path.of("/bin/sh"), 8);
        assertThat(noexec.getMessage()).isEqualTo("cannot execute /bin/sh: Exec format error (ENOEXEC, errno 8)");
        SpawnSpec gone = SpawnSpec.builder(List.of("/bin/sh")).directory(dir.resolve("gone")).build();
        assertThat(FreeBsdSpawner.spawnFailure(gone, Path.of("/bin/sh"), 2).stage()).isEqualTo("chdir");
    }

    @Test
    void environmentIsSortedAndChecked() {
        assertThat(FreeBsdSpawner.environment(Map.of("PATH", "/bin", "A", "x=y"))).containsExactly("A=x=y", "PATH=/bin");
        assertThatThrownBy(() -> FreeBsdSpawner.environment(Map.of("A=B", "x"))).hasMessageContaining("'A=B'");
    }
}
