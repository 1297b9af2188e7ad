package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.daemon.supervisor.ServiceState;

/** 200 clients, each on its own connection, looping on status: 2 s in the suite, 10 s with -Dpdsup.long=true. */
@Timeout(120)
class ConcurrentClientsTest {
    private static final int CLIENTS = 200;
    private static final long MILLIS = Boolean.getBoolean("pdsup.long") ? 10_000 : 2_000;

    @TempDir
    Path dir;

    @Test
    void twoHundredClientsLoopOnStatusWithoutAnError() throws Exception {
        try (ServerFixture fx = ServerFixture.start(dir)) {
            fx.backend.setState("web", ServiceState.RUNNING);
            Queue<String> errors = new ConcurrentLinkedQueue<>();
            AtomicLong answers = new AtomicLong();
            CountDownLatch connected = new CountDownLatch(CLIENTS);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int n = i;
                Thread t = new Thread(() -> {
                    try (TestClient c = fx.client()) {
                        connected.countDown();
                        go.await();
                        long end = System.currentTimeMillis() + MILLIS;
                        long id = 0;
                        while (System.currentTimeMillis() < end) {
                            Map<String, Object> r = c.call("{\"op\":\"status\",\"id\":" + (++id) + "}");
                            if (!Boolean.TRUE.equals(r.get("ok")) || !Long.valueOf(id).equals(r.get("id"))
                                    || ((List<?>) r.get("services")).size() != 4) {
                                errors.add("client " + n + ": " + r);
                                return;
                            }
                            answers.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        errors.add("client " + n + ": " + e);
                        connected.countDown();
                    }
                }, "status-client-" + i);
                threads.add(t);
                t.start();
            }
            connected.await();
            long deadline = System.currentTimeMillis() + 10_000;
            while (fx.server.connections() < CLIENTS && System.currentTimeMillis() < deadline) Thread.sleep(5);
            assertThat(fx.server.connections()).as("connections accepted").isEqualTo(CLIENTS);
            go.countDown();
            for (Thread t : threads) t.join();
            System.out.println("ConcurrentClientsTest: " + answers.get() + " status answers in " + MILLIS + " ms from "
                    + CLIENTS + " clients");
            assertThat(errors).isEmpty();
            assertThat(answers.get()).isGreaterThanOrEqualTo(CLIENTS);
            assertThat(fx.metrics.requests).allMatch(s -> s.equals("status:ok"));
        }
    }
}
