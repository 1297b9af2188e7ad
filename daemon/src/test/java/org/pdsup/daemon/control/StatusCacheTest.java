package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.pdsup.daemon.supervisor.HealthSnapshot;
import org.pdsup.daemon.supervisor.HealthState;
import org.pdsup.daemon.supervisor.RunSummary;
import org.pdsup.daemon.supervisor.ServiceSnapshot;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.protocol.Responses;
import org.pdsup.protocol.ServiceStatus;
import org.pdsup.protocol.json.JsonWriter;

/** A status answer assembled from cached JSON is byte for byte the answer encoded afresh, at every {@code now}. */
class StatusCacheTest {
    private static final Instant T0 = Instant.parse("2026-12-07T03:00:00Z");
    private static final JsonWriter WRITER = new JsonWriter();

    private static ServiceSnapshot running(String name, ServiceState state, long restarts) {
        RunSummary exit = new RunSummary(4242, T0.minusSeconds(5), T0.minusMillis(200), "exit 3 \u00e9\u2028\"q\"", 3,
                null, false, 0.25, 0.5, 4096);
        HealthSnapshot health = new HealthSnapshot("tcp", HealthState.values()[0], false, "tcp 127.0.0.1:1: refused\n",
                T0.plusMillis(500), Duration.ofMillis(12), 1, 3, 7, 2);
        return new ServiceSnapshot(name, state, state == ServiceState.RUNNING, 4343, T0.plusMillis(300),
                T0.plusMillis(700), restarts, 0, exit, "last \"error\"", false, false, Map.of(), 0.1, 0.2, 0,
                "failed: exit 3; restart in 0.0s", "db: starting", health);
    }

    private static ServiceSnapshot stopped(String name) {
        return new ServiceSnapshot(name, ServiceState.STOPPED, false, 0, null, null, 0, 0, null, null, true, true,
                Map.of(), 0, 0, 0, null, null, (HealthSnapshot) null);
    }

    @Test
    void everyCachedStatusIsTheFreshEncodeAtEveryInstant() {
        StatusCache cache = new StatusCache();
        List<ServiceSnapshot> services = List.of(running("web", ServiceState.RUNNING, 3), stopped("db \u00fc"));
        // 100 ms steps across the second boundaries of since (…0.3), the health check (…0.5) and the start (…0.7)
        for (int step = -5; step < 40; step++) {
            Instant now = T0.plusMillis(100L * step);
            List<Object> cached = new ArrayList<>();
            List<ServiceStatus> fresh = new ArrayList<>();
            for (ServiceSnapshot s : services) {
                cached.add(cache.status(s, now));
                fresh.add(WireMapper.status(s, now));
            }
            Map<String, Object> assembled = new LinkedHashMap<>();
            assembled.put("services", cached);
            assertThat(frame(Responses.ok(9, assembled))).as("at %s", now).isEqualTo(frame(Responses.services(9, fresh)));
            assertThat(cache.status(services.get(0), now)).as("the same instant: the cached entry")
                    .isSameAs(cache.status(services.get(0), now));
        }
    }

    @Test
    void aNewSnapshotIsEncodedAnewAndGoneServicesAreDropped() {
        StatusCache cache = new StatusCache();
        Instant now = T0.plusSeconds(10);
        ServiceSnapshot before = running("web", ServiceState.RUNNING, 3);
        String first = cache.status(before, now).toString();
        ServiceSnapshot after = running("web", ServiceState.BACKOFF, 4);
        String second = cache.status(after, now).toString();
        assertThat(second).isNotEqualTo(first).isEqualTo(WRITER.toJson(WireMapper.status(after, now).toJson()))
                .contains("\"state\":\"backoff\"");
        cache.status(stopped("db"), now);
        assertThat(cache.size()).isEqualTo(2);
        cache.retainOnly(Map.of("web", after));
        assertThat(cache.size()).isEqualTo(1);
    }

    private static String frame(Map<String, Object> frame) {
        ByteBuf out = Unpooled.buffer();
        FrameEncoder.encodeTo(frame, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
