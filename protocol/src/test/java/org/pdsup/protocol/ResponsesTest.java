package org.pdsup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;
import org.pdsup.protocol.json.JsonWriter;

class ResponsesTest {
    private final JsonWriter writer = new JsonWriter();
    private final JsonReader reader = new JsonReader(JsonLimits.PROTOCOL);

    private Response roundTrip(Object frame) throws Exception {
        return Response.of(reader.parse(writer.toBytes(frame)));
    }

    @Test
    void helloMatchesTheDocumentedFrame() {
        assertThat(writer.toJson(Responses.hello(1, "pdsupd/0.1.0")))
                .isEqualTo("{\"id\":1,\"ok\":true,\"version\":1,\"server\":\"pdsupd/0.1.0\"}");
    }

    @Test
    void errorMatchesTheDocumentedFrame() throws Exception {
        String json = writer.toJson(Responses.error(3L, ErrorCode.NO_SUCH_SERVICE, "no service named 'x' (known: a, b)"));
        assertThat(json).isEqualTo("{\"id\":3,\"ok\":false,\"error\":{\"code\":\"no_such_service\","
                + "\"message\":\"no service named 'x' (known: a, b)\"}}");
        Response r = roundTrip(Responses.error(null, ErrorCode.CONFIG_ERROR, "2 errors", List.of("a.conf:3: x", "a.conf:9: y")));
        assertThat(r.id()).isNull();
        assertThat(r.ok()).isFalse();
        assertThat(r.errorCode()).isEqualTo("config_error");
        assertThat(r.errorDetails()).containsExactly("a.conf:3: x", "a.conf:9: y");
    }

    @Test
    void serviceStatusSurvivesTheWire() throws Exception {
        ExitSummary exit = new ExitSummary("exit 1", 1, null, false, 0.01, 0.01, 3_200_000, "2026-01-01T00:00:00Z");
        ServiceStatus s = new ServiceStatus("web", "running", true, 1234, "2026-01-01T00:00:01Z",
                "2026-01-01T00:00:01Z", 42, 3, false, false, null, exit);
        Response r = roundTrip(Responses.services(5, List.of(s)));
        assertThat(r.ok()).isTrue();
        assertThat(r.services()).containsExactly(s);
        assertThat(roundTrip(Responses.service(6, s)).service()).isEqualTo(s);
        assertThat(r.services().get(0).isUp()).isTrue();
    }

    @Test
    void streamFramesAreDistinguishable() throws Exception {
        EventInfo e = new EventInfo(17, "2026-01-01T00:00:00Z", "web", "running", "backoff", "exited", 99,
                new ExitSummary("signal KILL", -1, "KILL", false, 0, 0, -1, "2026-01-01T00:00:00Z"));
        Response ev = roundTrip(Responses.event(4, e));
        assertThat(ev.isResponse()).isFalse();
        assertThat(ev.event()).isEqualTo(e);
        assertThat(roundTrip(Responses.dropped(4, 12)).dropped()).isEqualTo(12);
        Response line = roundTrip(Responses.line(4, "stderr", "oops"));
        assertThat(line.line()).isEqualTo("oops");
        assertThat(line.stream()).isEqualTo("stderr");
        assertThat(roundTrip(Responses.streaming(4)).isStreamStart()).isTrue();
        Response end = roundTrip(Responses.end(4));
        assertThat(end.isEnd()).isTrue();
        assertThat(end.isResponse()).isTrue();
        assertThat(end.withoutId()).doesNotContainKey("id");
        assertThat(end.endReason()).isNull();
        Response shutdown = roundTrip(Responses.end(4, "shutdown"));
        assertThat(shutdown.isEnd()).isTrue();
        assertThat(shutdown.endReason()).isEqualTo("shutdown");
    }

    @Test
    void reloadResultSurvivesTheWire() throws Exception {
        ReloadResult rr = new ReloadResult(List.of("new"), List.of("old"), List.of("web"), List.of(), List.of("db"));
        Response r = roundTrip(Responses.ok(8, rr.toJson()));
        assertThat(ReloadResult.fromJson(r.frame())).isEqualTo(rr);

        ReloadResult keys = new ReloadResult(List.of(), List.of(), List.of(), List.of(), List.of("db"),
                List.of("pdsupd.control.admins.users", "pdsupd.metrics.listen"));
        Response k = roundTrip(Responses.ok(9, keys.toJson()));
        assertThat(ReloadResult.fromJson(k.frame())).isEqualTo(keys);
        assertThat(ReloadResult.fromJson(Map.of("unchanged", List.of("db"))).changedKeys())
                .as("an older pdsupd's answer, without changed_keys").isEmpty();
    }

    @Test
    void exitCodesFollowSysexits() {
        assertThat(ExitCodes.forError("no_such_service")).isEqualTo(4);
        assertThat(ExitCodes.forError("forbidden")).isEqualTo(77);
        assertThat(ExitCodes.forError("timeout")).isEqualTo(75);
        assertThat(ExitCodes.forError("config_error")).isEqualTo(78);
        assertThat(ExitCodes.forError("shutting_down")).isEqualTo(69);
        assertThat(ExitCodes.forError("bad_request")).isEqualTo(1);
        assertThat(ExitCodes.forError("something_new")).isEqualTo(1);
    }
}
