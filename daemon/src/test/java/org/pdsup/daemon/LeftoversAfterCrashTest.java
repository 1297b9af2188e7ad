package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.stats.ProcessIdentity;
import org.pdsup.procdesc.stats.ProcessTable;

/**
 * Issue 15 defect 4: after a {@code kill -9} of pdsupd, the next pdsupd ends what its non-persistent services
 * left (children of {@code sh -c 'sleep & sleep'}, in stop modes process and group) before it starts them
 * again, leaves the persistent service's session alone and re-adopts it; a graceful stop leaves no
 * descendants of a {@code stop.mode = process} service. Processes are counted by session, not by name.
 */
class LeftoversAfterCrashTest {
    private static final ProcessTable TABLE = ProcessTable.system();

    @TempDir
    Path tmp;

    /** Live (not zombie) members of session {@code sid}. */
    private static List<ProcessIdentity> session(int sid) {
        return TABLE.all().stream().filter(p -> p.sid() == sid && !p.exited()).toList();
    }

    /**
     * Waits until the session's member count satisfies {@code ok}. A poll: the shell forks its children on its
     * own schedule and nothing in pdsupd reports them; the bound is generous for a loaded 2-core host.
     */
    private static int awaitCount(int sid, IntPredicate ok) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int n = session(sid).size();
        while (!ok.test(n) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            n = session(sid).size();
        }
        return n;
    }

    @Test
    void crashLeftoversAreEndedAndPersistentOnesKept() throws Exception {
        Path cfg = DaemonProcess.config(tmp, """
                procmode { command = ["/bin/sh", "-c", "sleep 1000 & sleep 1000"] }
                groupmode { command = ["/bin/sh", "-c", "sleep 1001 & sleep 1001"], stop { mode = group } }
                keeper { command = ["/bin/sh", "-c", "sleep 1002 & sleep 1002"], persist = true }
                """);
        int keeper = -1;
        try {
            int procmode;
            int groupmode;
            try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
                procmode = d.runningPid("procmode", Duration.ofSeconds(60));
                groupmode = d.runningPid("groupmode", Duration.ofSeconds(60));
                keeper = d.runningPid("keeper", Duration.ofSeconds(60));
                for (int sid : new int[] {procmode, groupmode, keeper}) {
                    assertThat(awaitCount(sid, n -> n == 3)).as("sh and two sleeps in session %d", sid).isEqualTo(3);
                }
                d.process.destroyForcibly(); // SIGKILL
                assertThat(d.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(Files.readString(tmp.resolve("state/sessions.state")))
                    .contains("procmode " + procmode + " ").contains("groupmode " + groupmode + " ")
                    .doesNotContain("keeper");
            // terminate-on-close ends the shells; their children are what pdsupd has to end
            assertThat(awaitCount(procmode, n -> n <= 2)).isEqualTo(2);
            assertThat(awaitCount(groupmode, n -> n <= 2)).isEqualTo(2);

            try (DaemonProcess d2 = DaemonProcess.start("--config", cfg.toString())) {
                d2.awaitLine("boot complete", 0, Duration.ofSeconds(60));
                assertThat(session(procmode)).as("left by procmode").isEmpty();
                assertThat(session(groupmode)).as("left by groupmode").isEmpty();
                assertThat(d2.output()).contains("procmode: 2 process(es) of session " + procmode);
                d2.awaitLine("keeper: stopped -> running pid " + keeper + ": adopted", 0, Duration.ofSeconds(60));
                assertThat(session(keeper)).as("persistent service untouched").hasSize(3);

                int procmode2 = d2.runningPid("procmode", Duration.ofSeconds(60));
                assertThat(procmode2).isNotEqualTo(procmode);
                assertThat(awaitCount(procmode2, n -> n == 3)).isEqualTo(3);

                d2.process.destroy(); // SIGTERM: graceful; stop.mode = process signals only the shell
                assertThat(d2.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(d2.process.exitValue()).isZero();
                assertThat(session(procmode2)).as("descendants of a stop.mode = process service after a graceful "
                        + "stop").isEmpty();
                assertThat(session(keeper)).as("persistent service survives a graceful stop").hasSize(3);
            }
        } finally {
            if (keeper > 0) {
                for (ProcessIdentity p : session(keeper)) {
                    new ProcessBuilder("kill", "-9", Integer.toString(p.pid())).start().waitFor();
                }
            }
        }
    }
}
