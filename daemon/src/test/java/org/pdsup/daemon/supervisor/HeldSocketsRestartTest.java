package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.Signal;

/**
 * The point of held sockets: a client connecting in a loop while the service is killed 20 times is never
 * refused and every connection is served, because the listening socket stays open in pdsupd and connections
 * wait in its backlog; the same service binding its own socket is refused while it is down. bench/held-sockets.sh
 * measures the same with the packaged pdsupd (docs/benchmarks.md, "Held sockets").
 */
class HeldSocketsRestartTest {
    private static final int KILLS = 20;
    /** Connections each run answers before it stops accepting (and is killed). */
    private static final int PER_RUN = 2;

    @TempDir
    Path tmp;

    /**
     * Answers PER_RUN connections with its PID, then stops accepting without closing anything (so the test's kill
     * never lands in the middle of a connection). Binds its own socket when pdsupd passes none.
     */
    static final String SERVER = """
            import os, socket, sys, time
            if os.environ.get("LISTEN_FDS"):
                s = socket.socket(fileno=3)
            else:
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", int(sys.argv[1])))
                s.listen(64)
            for _ in range(%d):
                c, _ = s.accept()
                c.sendall(b"%%d\\n" %% os.getpid())
                c.close()
            time.sleep(3600)
            """.formatted(PER_RUN);

    /** What the client loop saw. */
    record Counts(int served, int refused, int unanswered) {}

    @Test
    void withHeldSocketsNoConnectionIsRefusedAndEveryOneIsServed() throws Exception {
        Counts c = run(true);
        assertThat(c.refused()).as("refused connections").isZero();
        assertThat(c.unanswered()).as("connections accepted by the kernel but never answered").isZero();
        assertThat(c.served()).isGreaterThanOrEqualTo((KILLS + 1) * PER_RUN);
    }

    @Test
    void withoutThemTheSameLoopIsRefused() throws Exception {
        Counts c = run(false);
        assertThat(c.refused() + c.unanswered()).as("refused or dropped connections").isPositive();
        assertThat(c.refused()).as("refused connections").isPositive();
    }

    private Counts run(boolean held) throws Exception {
        int port = HeldSocketsTest.freePort();
        Path server = tmp.resolve("server.py");
        Files.writeString(server, SERVER);
        String sockets = held ? ", sockets = [ { listen = \"tcp:127.0.0.1:" + port + "\" } ]" : "";
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["/usr/bin/python3", "%s", "%d"], stop.timeout = 1s,
                      backoff { initial = 100ms, multiplier = 1.0, max = 100ms, jitter = 0 },
                      start-limit { burst = 100, interval = 60s }%s }
                """.formatted(server, port, sockets))) {
            h.await("web", ServiceState.RUNNING, Duration.ofSeconds(30));
            Map<Integer, AtomicInteger> servedBy = new ConcurrentHashMap<>();
            AtomicInteger served = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger unanswered = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Socket> current = new AtomicReference<>();
            Thread client = new Thread(() -> {
                while (!stop.get()) {
                    try (Socket s = new Socket()) {
                        current.set(s);
                        s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                        s.setSoTimeout(30_000);
                        String line = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
                        if (line.isEmpty()) {
                            unanswered.incrementAndGet();
                        } else {
                            servedBy.computeIfAbsent(Integer.parseInt(line), k -> new AtomicInteger()).incrementAndGet();
                            served.incrementAndGet();
                        }
                    } catch (ConnectException e) {
                        if (!stop.get()) refused.incrementAndGet();
                        pause();
                    } catch (IOException e) {
                        // reset: it was in the backlog of a socket that closed (or the test ends its last wait)
                        if (!stop.get()) unanswered.incrementAndGet();
                        pause();
                    }
                }
            }, "held-sockets-client");
            client.start();
            try {
                Set<Integer> killed = new HashSet<>();
                for (int kill = 0; kill <= KILLS; kill++) {
                    int pid = awaitRunThatServedAll(h, servedBy, killed);
                    if (kill < KILLS) {
                        killed.add(pid);
                        h.supervisor.signal("web", Signal.KILL).get(30, TimeUnit.SECONDS);
                        assertThat(SupervisorHarness.awaitGone(pid, Duration.ofSeconds(30))).isTrue();
                    }
                }
            } finally {
                stop.set(true);
                Socket last = current.get(); // waits in the backlog for a run that will not come
                if (last != null) last.close();
                client.join(60_000);
            }
            return new Counts(served.get(), refused.get(), unanswered.get());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The PID of the current run once it has answered all its connections (bounded: 60 s). */
    private static int awaitRunThatServedAll(SupervisorHarness h, Map<Integer, AtomicInteger> servedBy,
                                             Set<Integer> killed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            ServiceSnapshot s = h.status("web");
            AtomicInteger n = s == null ? null : servedBy.get(s.pid());
            if (n != null && n.get() >= PER_RUN && !killed.contains(s.pid())) return s.pid();
            Thread.sleep(5);
        }
        throw new AssertionError("the service did not answer " + PER_RUN + " connections within 60 s: "
                + servedBy + "; events " + h.eventsOf("web"));
    }
}
