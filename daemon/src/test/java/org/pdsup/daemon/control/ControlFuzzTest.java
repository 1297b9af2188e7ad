package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.ErrorCode;

/**
 * At least 100,000 random and malformed request lines (1,000,000 with -Dpdsup.long=true) against a real
 * control server: every one gets exactly one well-formed answer with a stable error code (never
 * {@code internal}), oversized and abandoned frames do not hurt, and afterwards the server still answers.
 */
@Timeout(600)
class ControlFuzzTest {
    private static final int INPUTS = Boolean.getBoolean("pdsup.long") ? 1_000_000 : 100_000;
    private static final int CONNECTIONS = 4;

    @TempDir
    Path dir;

    @Test
    void survivesRandomAndMalformedInput() throws Exception {
        long seed = Long.getLong("pdsup.fuzz.seed", System.nanoTime());
        System.out.println("ControlFuzzTest seed " + seed + " (rerun with -Dpdsup.fuzz.seed=" + seed + ")");
        ControlServerSettings settings = ServerFixture.settings(dir).withLimits(64 * 1024, 64, Duration.ofMinutes(5), 64);
        TestBackend backend = new TestBackend("web", "db", "worker-1", "worker-2");
        backend.immediateWaits = true;
        Set<String> stableCodes = new HashSet<>();
        for (ErrorCode c : EnumSet.allOf(ErrorCode.class)) stableCodes.add(c.wire());
        Map<String, AtomicLong> codes = new ConcurrentHashMap<>();

        try (ServerFixture fx = new ServerFixture(dir, settings, backend)) {
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < CONNECTIONS; t++) {
                long threadSeed = seed + t;
                results.add(pool.submit(() -> fuzzOneConnection(fx, threadSeed, INPUTS / CONNECTIONS, stableCodes, codes)));
            }
            long answered = 0;
            for (Future<Long> f : results) answered += f.get();
            pool.shutdown();
            assertThat(answered).isGreaterThanOrEqualTo(100_000);

            oversizedFramesCloseOnlyTheirConnection(fx, new SplittableRandom(seed));
            abandonedConnectionsDoNoHarm(fx, new SplittableRandom(seed + 99));

            System.out.println("ControlFuzzTest answers by outcome: " + codes);
            assertThat(codes).doesNotContainKey(ErrorCode.INTERNAL.wire());
            assertThat(codes.keySet()).contains("ok", "bad_request", "unknown_op", "no_such_service");

            // the 200 abandoned connections are counted off as their closes reach the event loops (a stream's
            // connection first moves to the followers' loop): until then the 64-connection limit may refuse
            awaitNoConnections(fx);
            try (TestClient c = fx.client()) {
                Map<String, Object> status = c.call("{\"op\":\"status\",\"id\":1}");
                assertThat(status).containsEntry("ok", true);
                assertThat((List<?>) status.get("services")).hasSize(4);
            }
            awaitNoConnections(fx);
            assertThat(fx.server.connections()).as("connections left open").isZero();
            assertThat(fx.server.streamStatistics().openStreams()).as("streams left open").isZero();
        }
    }

    /**
     * Sends the inputs in pipelined batches and checks the answers of each batch: one per input, each a
     * well-formed frame with a stable code; every well-formed request's id answered exactly once. (Answers may
     * come out of order: ops that go to the supervisor thread finish later than those answered at once.)
     */
    private static long fuzzOneConnection(ServerFixture fx, long seed, int inputs, Set<String> stableCodes,
                                          Map<String, AtomicLong> codes) throws IOException {
        FuzzInputs gen = new FuzzInputs(seed);
        long answered = 0;
        int batch = 32;
        try (TestClient c = fx.client()) {
            for (int i = 0; i < inputs; i += batch) {
                int n = Math.min(batch, inputs - i);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                Map<Long, String> expected = new java.util.HashMap<>();
                List<String> sent = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    long id = 1_000_000_000L * (seed % 1000) + i + k;
                    FuzzInputs.Input in = gen.next(id);
                    out.write(in.line(), 0, in.line().length);
                    out.write('\n');
                    String what = new String(in.line(), 0, Math.min(200, in.line().length), StandardCharsets.UTF_8);
                    sent.add(what);
                    if (in.expectedId() >= 0) expected.put(in.expectedId(), what);
                }
                c.send(out.toByteArray());
                for (int k = 0; k < n; k++) {
                    Map<String, Object> r = answer(c);
                    String context = "an answer to one of " + sent;
                    assertThat(r.get("ok")).as(context).isInstanceOf(Boolean.class);
                    Object id = r.get("id");
                    if (id != null) {
                        assertThat(id).as(context).isInstanceOf(Long.class);
                        expected.remove(id);
                    }
                    String outcome = "ok";
                    if (Boolean.FALSE.equals(r.get("ok"))) {
                        Map<String, Object> err = ControlServerTest.asMap(r.get("error"));
                        outcome = (String) err.get("code");
                        assertThat(stableCodes).as(context).contains(outcome);
                        assertThat((String) err.get("message")).as(context).isNotBlank();
                        assertThat(outcome).as("%s: %s", context, err).isNotIn("frame_too_large", "internal");
                    }
                    codes.computeIfAbsent(outcome, key -> new AtomicLong()).incrementAndGet();
                    answered++;
                }
                assertThat(expected).as("well-formed requests left without an answer carrying their id").isEmpty();
            }
        }
        return answered;
    }

    /** The next answer, skipping stream frames (events, drops, ends of streams opened earlier). */
    private static Map<String, Object> answer(TestClient c) throws IOException {
        while (true) {
            Map<String, Object> f = c.read();
            if (f.containsKey("ok") && !Boolean.TRUE.equals(f.get("end"))) return f;
        }
    }

    private static void oversizedFramesCloseOnlyTheirConnection(ServerFixture fx, SplittableRandom rnd) throws IOException {
        try (TestClient bystander = fx.client()) {
            for (int i = 0; i < 50; i++) {
                try (TestClient c = fx.client()) {
                    byte[] big = new byte[rnd.nextInt(64 * 1024 + 1, 300_000)];
                    for (int k = 0; k < big.length; k++) big[k] = (byte) (rnd.nextInt(1, 256) == '\n' ? 'x' : rnd.nextInt(1, 256));
                    for (int k = 0; k < big.length; k++) if (big[k] == '\n') big[k] = 'x';
                    try {
                        c.send(big);
                        if (rnd.nextBoolean()) c.send(new byte[] {'\n'});
                    } catch (IOException closedWhileSending) {
                        // the server may close before it has read everything: that is the point
                    }
                    Map<String, Object> r = c.readOrNull(TestClient.TIMEOUT_MS);
                    assertThat(r).as("answer to an oversized frame").isNotNull();
                    assertThat(ControlServerTest.asMap(r.get("error"))).containsEntry("code", "frame_too_large");
                    assertThat(c.awaitClose(TestClient.TIMEOUT_MS)).isTrue();
                }
            }
            assertThat(bystander.call("{\"op\":\"version\",\"id\":1}")).containsEntry("ok", true);
        }
    }

    private static void awaitNoConnections(ServerFixture fx) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while ((fx.server.connections() > 0 || fx.server.streamStatistics().openStreams() > 0)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void abandonedConnectionsDoNoHarm(ServerFixture fx, SplittableRandom rnd) throws IOException {
        for (int i = 0; i < 200; i++) {
            try (TestClient c = fx.client()) {
                switch (rnd.nextInt(3)) {
                    case 0: c.send("{\"op\":\"status\",\"id\":1".getBytes(StandardCharsets.UTF_8)); break;
                    case 1: c.send("{\"op\":\"status\",\"id\":1}\n".repeat(50).getBytes(StandardCharsets.UTF_8)); break;
                    default: c.send("{\"op\":\"events\",\"id\":1,\"follow\":true}\n".getBytes(StandardCharsets.UTF_8)); break;
                }
            } // closed without reading the answers
        }
    }
}
