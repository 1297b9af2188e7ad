package org.pdsup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pdsup.protocol.json.JsonWriter;

/** {@link EventInfo#writeJson}: the same bytes as writing {@link EventInfo#toJson()}'s map, for every shape. */
class EventJsonTest {
    private final JsonWriter writer = new JsonWriter();

    private void same(EventInfo e) {
        byte[] streamed = writer.toBytes(e::writeJson);
        byte[] mapped = writer.toBytes(e.toJson());
        assertThat(new String(streamed, StandardCharsets.UTF_8)).isEqualTo(new String(mapped, StandardCharsets.UTF_8));
        assertThat(streamed).isEqualTo(mapped);
    }

    @Test
    void eventsReadAsTheirMaps() {
        ExitSummary crash = new ExitSummary("exit 1", 1, null, false, 0.001, 0.0, 1_662_976,
                "2026-12-07T20:11:03.123456Z", false);
        ExitSummary killed = new ExitSummary("signal KILL (core dumped)", -1, "KILL", true, Double.NaN,
                Double.POSITIVE_INFINITY, -1, null, true);
        for (EventInfo e : List.of(
                new EventInfo(1, "2026-12-07T20:11:03Z", "web", "running", "backoff",
                        "failed: exit 1; restart in 100ms", 4242, crash),
                new EventInfo(Long.MAX_VALUE, "2026-12-07T20:11:03.1Z", "w\u00e9b \u2603", "stopping", "stopped",
                        "quote \" backslash \\ newline \n tab \t nul \u0000", 0, killed),
                new EventInfo(3, null, "db", "starting", "starting", "spawned in 2.3ms", 17, null),
                new EventInfo(4, "2026-12-07T20:11:03Z", "db", "running", "running", "liveness: ok", 17, null,
                        "healthy"),
                new EventInfo(5, "t", null, null, null, null, -1, crash, "unhealthy"))) {
            same(e);
        }
    }
}
