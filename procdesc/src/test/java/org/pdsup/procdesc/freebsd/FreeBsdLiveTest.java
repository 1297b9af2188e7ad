package org.pdsup.procdesc.freebsd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backend against a real FreeBSD kernel, once per spawn path the host offers (forced with
 * {@code -Dpdsup.freebsd.spawn}). Runs only on FreeBSD: see docs/procdesc-freebsd.md, "Running the tests on
 * FreeBSD". The exec-helper path needs {@code -Dpdsup.exec.helper} (the surefire configuration sets it).
 */
@EnabledOnOs(OS.FREEBSD)
class FreeBsdLiveTest {

    static Stream<String> paths() {
        List<String> out = new ArrayList<>(List.of("pid-only"));
        SymbolProbe probe = SymbolProbe.libc();
        if (probe.has("posix_spawnattr_setprocdescp_np")) out.add("procdesc-attr");
        if (ExecHelperLocator.find().isPresent()) out.add("exec-helper");
        return out.stream();
    }

    private static FreeBsdProcessDescriptors backend(String path) {
        String before = System.getProperty(SpawnPath.PROPERTY);
        System.setProperty(SpawnPath.PROPERTY, path);
        try {
            FreeBsdProcessDescriptors pds = new FreeBsdProcessDescriptors();
            pds.becomeSubreaper();
            pds.resetChildSignal();
            return pds;
        } finally {
            if (before == null) System.clearProperty(SpawnPath.PROPERTY);
            else System.setProperty(SpawnPath.PROPERTY, before);
        }
    }

    private static SpawnSpec sh(String script) {
        return SpawnSpec.builder(List.of("/bin/sh", "-c", script)).env("PATH", "/bin:/usr/bin").build();
    }

    @ParameterizedTest
    @MethodSource("paths")
    void describesItsPath(String path) {
        FreeBsdProcessDescriptors pds = backend(path);
        assertThat(pds.spawnPath().id()).isEqualTo(path);
        assertThat(pds.describe()).contains("spawn=" + path);
    }

    @ParameterizedTest
    @MethodSource("paths")
    void exitCodesSignalsAndUsage(String path) throws Exception {
        FreeBsdProcessDescriptors pds = backend(path);
        try (ProcessDescriptor p = pds.spawn(sh("exit 3"))) {
            ExitStatus s = p.waitFor();
            assertThat(s.kind()).isEqualTo(ExitStatus.Kind.EXITED);
            assertThat(s.code()).isEqualTo(3);
            assertThat(s.resourceUsage()).isPresent();
        }
        try (ProcessDescriptor p = pds.spawn(sh("kill -USR1 $$; sleep 5"))) {
            ExitStatus s = p.waitFor();
            assertThat(s.signal()).isEqualTo(Signal.USR1);
            assertThat(s.signalNumber()).isEqualTo(30);
        }
        try (ProcessDescriptor p = pds.spawn(sh("i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"))) {
            ExitStatus s = p.waitFor();
            assertThat(s.usage().userCpu().plus(s.usage().systemCpu())).isGreaterThan(Duration.ZERO);
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void signalAfterExitFailsCleanly(String path) throws Exception {
        FreeBsdProcessDescriptors pds = backend(path);
        try (ProcessDescriptor p = pds.spawn(SpawnSpec.builder(List.of("/bin/sleep", "60")).build())) {
            assertThat(p.isAlive()).isTrue();
            assertThat(p.startTime()).isBetween(Instant.now().minusSeconds(30), Instant.now().plusSeconds(1));
            p.signal(Signal.TERM);
            assertThat(p.waitFor().signal()).isEqualTo(Signal.TERM);
            assertThat(p.isAlive()).isFalse();
            assertThatThrownBy(() -> p.signal(Signal.TERM)).isInstanceOf(NoSuchProcessException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void closeKillsAndDaemonSurvives(String path) throws Exception {
        FreeBsdProcessDescriptors pds = backend(path);
        ProcessDescriptor p = pds.spawn(SpawnSpec.builder(List.of("/bin/sleep", "60")).build());
        int pid = p.pid();
        p.close();
        assertThat(KinfoProc.of(FreeBsdNative.libc(), pid)).as("killed and reaped").isEmpty();
        ProcessDescriptor d = pds.spawn(SpawnSpec.builder(List.of("/bin/sleep", "60")).daemon(true).build());
        int dpid = d.pid();
        Instant start = d.startTime();
        d.close();
        assertThat(KinfoProc.of(FreeBsdNative.libc(), dpid)).as("PD_DAEMON survives close").isPresent();
        ProcessDescriptor adopted = pds.adopt(dpid, start);
        assertThat(adopted.isAdopted()).isTrue();
        assertThat(adopted.isAlive()).isTrue();
        assertThatThrownBy(() -> pds.adopt(dpid, start.plusSeconds(3600))).isInstanceOf(NoSuchProcessException.class);
        adopted.signal(Signal.KILL);
        assertThat(adopted.waitFor()).isEqualTo(ExitStatus.unknown());
        pds.reapOrphans();
    }

    @ParameterizedTest
    @MethodSource("paths")
    void onlyStdioAndPassedDescriptorsReachTheChild(String path) throws Exception {
        FreeBsdProcessDescriptors pds = backend(path);
        Pipe out = pds.pipe();
        Pipe extra = pds.pipe();
        SpawnSpec spec = SpawnSpec.builder(List.of("/bin/sh", "-c", "exec /usr/bin/procstat -f $$"))
                .stdout(Redirect.fd(out.writeFd())).passFd(5, extra.readFd()).build();
        try (ProcessDescriptor p = pds.spawn(spec)) {
            FreeBsdNative.libc().close(out.writeFd());
            String listing = FreeBsdFds.readToEof(FreeBsdNative.libc(), out.readFd());
            assertThat(p.waitFor().code()).isZero();
            List<String> fds = listing.lines().skip(1).map(l -> l.trim().split("\\s+"))
                    .filter(c -> c.length > 2 && c[2].matches("\\d+")).map(c -> c[2]).toList();
            assertThat(fds).containsExactlyInAnyOrder("0", "1", "2", "5");
        } finally {
            FreeBsdNative.libc().close(out.readFd());
            FreeBsdNative.libc().close(extra.readFd());
            FreeBsdNative.libc().close(extra.writeFd());
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void spawnErrorsNameThePath(String path) {
        FreeBsdProcessDescriptors pds = backend(path);
        assertThatThrownBy(() -> pds.spawn(SpawnSpec.builder(List.of("/no/such/binary")).build()))
                .isInstanceOf(SpawnException.class).hasMessageContaining("/no/such/binary");
    }

    @ParameterizedTest
    @MethodSource("paths")
    void watcherDeliversEveryExitOnce(String path) throws Exception {
        FreeBsdProcessDescriptors pds = backend(path);
        int n = 50;
        CountDownLatch done = new CountDownLatch(n);
        Map<Integer, ExitStatus> seen = new ConcurrentHashMap<>();
        List<ProcessDescriptor> all = new ArrayList<>();
        try (ExitWatcher w = pds.newExitWatcher("kq-test")) {
            for (int i = 0; i < n; i++) {
                ProcessDescriptor p = pds.spawn(sh("exit " + (i % 7)));
                all.add(p);
                w.watch(p, (pd, s) -> {
                    assertThat(seen.put(pd.pid(), s)).isNull();
                    done.countDown();
                });
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            all.forEach(ProcessDescriptor::close);
        }
        for (int i = 0; i < n; i++) assertThat(seen.get(all.get(i).pid()).code()).isEqualTo(i % 7);
    }
}
