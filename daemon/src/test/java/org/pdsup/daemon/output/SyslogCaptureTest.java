package org.pdsup.daemon.output;

import org.pdsup.procdesc.DatagramTestServer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.OutputConfig;
import org.pdsup.config.OutputTarget;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.SpawnSpec;
import org.pdsup.procdesc.UnixDatagram;

/**
 * Service output through {@link OutputCapture} to a datagram "syslog" (python3) on a temporary path, with the
 * default transport: real processes, pipes, the kernel-event thread and the writer. The timeout only turns a
 * hang into a failure.
 */
@Timeout(120)
class SyslogCaptureTest {
    @TempDir
    Path dir;

    private final ProcessDescriptors procdesc = ProcessDescriptors.system();
    private ExitWatcher watcher;
    private OutputCapture capture;
    private Path sock;

    @BeforeEach
    void setUp() {
        sock = dir.resolve("log");
        watcher = procdesc.newExitWatcher("syslog-test-exit-watcher");
        capture = new OutputCapture(watcher, PipeIo.system(procdesc), dir.resolve("logs"), 64L << 20, sock,
                SyslogTransport.LOCAL);
    }

    @AfterEach
    void tearDown() {
        capture.close();
        watcher.close();
    }

    private static OutputConfig syslog(String facility) {
        return new OutputConfig(OutputTarget.SYSLOG, OutputTarget.SYSLOG, false, 0, 5, false, facility, 16 * 1024, 1 << 20);
    }

    /** Runs {@code /bin/sh -c script} with its output captured; returns once its output is flushed. */
    private void run(String service, OutputConfig cfg, String script) throws Exception {
        RunOutput run = capture.open(service, cfg);
        ProcessDescriptor pd = procdesc.spawn(SpawnSpec.builder(List.of("/bin/sh", "-c", script))
                .env("PATH", "/usr/bin:/bin").stdout(run.stdout()).stderr(run.stderr()).build());
        run.spawned();
        CompletableFuture<Integer> flushed = new CompletableFuture<>();
        watcher.watch(pd, (p, status) -> run.exited(() -> flushed.complete(status.code())));
        assertThat(flushed.get(60, TimeUnit.SECONDS)).isZero();
        pd.close();
    }

    /** Everything the sink sent before this call has been received when "END" is (one receive queue, FIFO). */
    private static List<String> receivedUntilEnd(Path sock, DatagramTestServer server) throws Exception {
        try (UnixDatagram d = UnixDatagram.connect(sock)) {
            byte[] end = "END".getBytes(StandardCharsets.US_ASCII);
            while (!d.send(end, 0, end.length)) assertThat(d.awaitWritable(30_000)).isTrue();
        }
        List<String> got = new ArrayList<>();
        for (String m; !(m = server.nextText()).equals("END"); ) got.add(m);
        return got;
    }

    @Test
    void stdoutAtInfoAndStderrAtErrWithTheConfiguredFacility() throws Exception {
        try (DatagramTestServer server = DatagramTestServer.start(sock)) {
            run("web", syslog("local3"), "echo out1; echo err1 >&2; echo 'out 2'; echo 'err 2' >&2; printf 'no newline'");
            List<String> got = receivedUntilEnd(sock, server);
            // the two streams are two pipes: their order against each other is not kept, each one's order is
            assertThat(got.stream().filter(m -> m.startsWith("<158>")).toList()) // local3 19*8 + LOG_INFO 6
                    .containsExactly("<158>web: out1", "<158>web: out 2", "<158>web: no newline");
            assertThat(got.stream().filter(m -> m.startsWith("<155>")).toList()) // + LOG_ERR 3
                    .containsExactly("<155>web: err1", "<155>web: err 2");
            assertThat(got).hasSize(5);
            assertThat(capture.droppedBytes("web")).isZero();
        }
    }

    @Test
    void theFacilityComesFromTheSettings() throws Exception {
        try (DatagramTestServer server = DatagramTestServer.start(sock)) {
            run("cron-job", syslog("daemon"), "echo started; echo failed >&2");
            List<String> got = receivedUntilEnd(sock, server);
            assertThat(got).containsExactlyInAnyOrder("<30>cron-job: started", "<27>cron-job: failed");
        }
    }

    @Test
    void aBurstArrivesInOrderOrIsCountedAsDropped() throws Exception {
        int lines = 2000;
        try (DatagramTestServer server = DatagramTestServer.start(sock)) {
            run("burst", syslog("local0"), "i=0; while [ $i -lt " + lines + " ]; do echo \"line $i\"; i=$((i+1)); done");
            List<String> got = receivedUntilEnd(sock, server);
            long notified = 0;
            List<String> text = new ArrayList<>();
            for (String m : got) {
                if (m.startsWith("<132>burst: pdsupd: dropped ")) { // local0 16*8 + LOG_WARNING 4
                    notified += Long.parseLong(m.split(" ")[3]);
                } else {
                    assertThat(m).startsWith("<134>burst: line "); // + LOG_INFO 6
                    text.add(m.substring("<134>burst: ".length()));
                }
            }
            // every line that arrived came whole and in order; every missing line was counted
            long missingBytes = 0;
            int next = 0;
            for (int i = 0; i < lines; i++) {
                String want = "line " + i;
                if (next < text.size() && text.get(next).equals(want)) {
                    next++;
                } else {
                    missingBytes += want.length() + 1;
                }
            }
            assertThat(next).as("received lines, in order").isEqualTo(text.size());
            assertThat(capture.droppedBytes("burst")).isEqualTo(missingBytes);
            assertThat(notified).isLessThanOrEqualTo(missingBytes);
        }
    }
}
