package org.pdsup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.pdsup.protocol.json.JsonWriter;

class RequestParserTest {
    private final RequestParser parser = new RequestParser();

    private AbstractThrowableAssert<?, ? extends Throwable> refused(String line, ErrorCode code) {
        return assertThatThrownBy(() -> parser.parse(line)).isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).code()).isEqualTo(code));
    }

    @Test
    void parsesHelloWithDefaults() throws Exception {
        Request r = parser.parse("{\"op\":\"hello\",\"id\":1,\"version\":1,\"client\":\"pdctl/0.1\"}");
        assertThat(r.op()).isEqualTo(Op.HELLO);
        assertThat(r.id()).isEqualTo(1);
        assertThat(r.version()).isEqualTo(1);
        assertThat(r.client()).isEqualTo("pdctl/0.1");
        assertThat(parser.parse("{\"op\":\"hello\",\"id\":2}").version()).isEqualTo(Protocol.VERSION);
    }

    @Test
    void parsesEveryOpWithItsFields() throws Exception {
        assertThat(parser.parse("{\"op\":\"status\",\"id\":3}").services()).isEmpty();
        assertThat(parser.parse("{\"op\":\"status\",\"id\":3,\"services\":[\"web\",\"db*\"]}").services())
                .containsExactly("web", "db*");
        assertThat(parser.parse("{\"op\":\"restart\",\"id\":4,\"services\":[\"*\"]}").op()).isEqualTo(Op.RESTART);
        Request sig = parser.parse("{\"op\":\"signal\",\"id\":5,\"service\":\"web\",\"signal\":\"sighup\"}");
        assertThat(sig.service()).isEqualTo("web");
        assertThat(sig.signal()).isEqualTo("HUP");
        assertThat(parser.parse("{\"op\":\"signal\",\"id\":5,\"service\":\"w\",\"signal\":\"9\"}").signal()).isEqualTo("9");
        Request ev = parser.parse("{\"op\":\"events\",\"id\":6,\"follow\":true}");
        assertThat(ev.history()).isTrue();
        assertThat(ev.follow()).isTrue();
        Request logs = parser.parse("{\"op\":\"logs\",\"id\":7,\"service\":\"web\"}");
        assertThat(logs.lines()).isEqualTo(Protocol.DEFAULT_LOG_LINES);
        assertThat(logs.follow()).isFalse();
        assertThat(parser.parse("{\"op\":\"pid\",\"id\":8,\"service\":\"web\"}").service()).isEqualTo("web");
        Request w = parser.parse("{\"op\":\"wait\",\"id\":9,\"service\":\"web\"}");
        assertThat(w.states()).containsExactly("running");
        assertThat(w.timeoutMs()).isEqualTo(Protocol.DEFAULT_WAIT_TIMEOUT_MS);
        Request w2 = parser.parse("{\"op\":\"wait\",\"id\":9,\"service\":\"web\",\"state\":[\"Exited\",\"fatal\"],\"timeout_ms\":500}");
        assertThat(w2.states()).containsExactly("exited", "fatal");
        assertThat(w2.timeoutMs()).isEqualTo(500);
        assertThat(parser.parse("{\"op\":\"reload\",\"id\":10}").op()).isEqualTo(Op.RELOAD);
        assertThat(parser.parse("{\"op\":\"reload\",\"id\":10}").services()).as("the configuration").isEmpty();
        assertThat(parser.parse("{\"op\":\"reload\",\"id\":10,\"services\":[\"web\",\"api*\"]}").services())
                .containsExactly("web", "api*");
        assertThat(parser.parse("{\"op\":\"version\",\"id\":11}").op()).isEqualTo(Op.VERSION);
        assertThat(parser.parse("{\"id\":12,\"op\":\"shutdown\"}").op()).isEqualTo(Op.SHUTDOWN);
    }

    @Test
    void clientRequestsRoundTripThroughTheParser() throws Exception {
        JsonWriter w = new JsonWriter();
        List<Request> all = List.of(Request.hello(1, "t"), Request.status(2, List.of("a")), Request.status(2, List.of()),
                Request.start(3, List.of("a", "b")), Request.stop(4, List.of("*")), Request.restart(5, List.of("x")),
                Request.signal(6, "a", "TERM"), Request.reload(7), Request.reload(7, List.of("a", "b*")), Request.events(8, List.of("a"), false, true),
                Request.logs(9, "a", 50, true), Request.logs(9, "a", 10000, true, "2026-12-07T03:00:00Z", "stderr"),
                Request.pid(10, "a"), Request.waitFor(11, "a", List.of("exited"), 100),
                Request.waitFor(12, "a", List.of("running", "fatal"), -1), Request.version(13), Request.shutdown(14));
        for (Request r : all) {
            byte[] b = w.toBytes(r.toJson());
            Request back = parser.parse(b, 0, b.length);
            assertThat(back.toJson()).as(r.op().wire()).isEqualTo(r.timeoutMs() < 0
                    ? Request.waitFor(r.id(), r.service(), r.states(), Protocol.DEFAULT_WAIT_TIMEOUT_MS).toJson()
                    : r.toJson());
        }
    }

    @Test
    void namesTheFieldThatIsWrong() {
        refused("{\"op\":\"status\"}", ErrorCode.BAD_REQUEST).hasMessageContaining("'id' is required");
        refused("{\"op\":\"status\",\"id\":\"1\"}", ErrorCode.BAD_REQUEST).hasMessageContaining("'id' must be a non-negative integer, got a string");
        refused("{\"op\":\"status\",\"id\":-1}", ErrorCode.BAD_REQUEST).hasMessageContaining("'id'");
        refused("{\"op\":\"status\",\"id\":1.5}", ErrorCode.BAD_REQUEST).hasMessageContaining("fractional");
        refused("{\"id\":1}", ErrorCode.BAD_REQUEST).hasMessageContaining("'op' is required");
        refused("{\"id\":1,\"op\":7}", ErrorCode.BAD_REQUEST).hasMessageContaining("'op' must be a string");
        refused("{\"op\":\"status\",\"id\":1,\"services\":\"web\"}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("'services' must be an array");
        refused("{\"op\":\"status\",\"id\":1,\"services\":[\"a\",3]}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("'services' entry 1 must be a string");
        refused("{\"op\":\"start\",\"id\":1}", ErrorCode.BAD_REQUEST).hasMessageContaining("'services' is required");
        refused("{\"op\":\"stop\",\"id\":1,\"services\":[]}", ErrorCode.BAD_REQUEST).hasMessageContaining("at least one");
        refused("{\"op\":\"status\",\"id\":1,\"service\":\"web\"}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("unknown field 'service' for op 'status' (allowed: services)");
        refused("{\"op\":\"version\",\"id\":1,\"x\":1}", ErrorCode.BAD_REQUEST).hasMessageContaining("takes none");
        refused("{\"op\":\"reload\",\"id\":1,\"x\":1}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("unknown field 'x' for op 'reload' (allowed: services)");
        refused("{\"op\":\"reload\",\"id\":1,\"services\":\"web\"}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("field 'services' must be an array");
        refused("{\"op\":\"signal\",\"id\":1,\"service\":\"a\"}", ErrorCode.BAD_REQUEST).hasMessageContaining("'signal' is required");
        refused("{\"op\":\"signal\",\"id\":1,\"service\":\"a\",\"signal\":\"H U P\"}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("'signal' must name a signal");
        refused("{\"op\":\"events\",\"id\":1,\"follow\":\"yes\"}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("'follow' must be true or false, got a string");
        refused("{\"op\":\"logs\",\"id\":1,\"service\":\"a\",\"lines\":-1}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("'lines' must be between 0 and");
        refused("{\"op\":\"logs\",\"id\":1,\"service\":\"a\",\"since\":\"10m\"}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("'since' must be an ISO-8601 time with a zone");
        refused("{\"op\":\"logs\",\"id\":1,\"service\":\"a\",\"stream\":\"both\"}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("'stream' must be \"stdout\" or \"stderr\"");
        refused("{\"op\":\"wait\",\"id\":1,\"service\":\"a\",\"timeout_ms\":1e3}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("'timeout_ms' must be an integer");
        refused("{\"op\":\"wait\",\"id\":1,\"service\":\"a\",\"state\":{}}", ErrorCode.BAD_REQUEST)
                .hasMessageContaining("'state'");
        refused("{\"op\":\"pid\",\"id\":1,\"service\":\"\"}", ErrorCode.BAD_REQUEST).hasMessageContaining("must not be empty");
        refused("{\"op\":\"hello\",\"id\":1,\"version\":0}", ErrorCode.BAD_REQUEST).hasMessageContaining("'version'");
    }

    @Test
    void unknownOpCarriesTheIdAndTheKnownOps() {
        refused("{\"op\":\"frobnicate\",\"id\":42}", ErrorCode.UNKNOWN_OP)
                .hasMessageContaining("unknown op 'frobnicate'").hasMessageContaining("status")
                .satisfies(e -> assertThat(((ProtocolException) e).requestId()).isEqualTo(42L));
    }

    @Test
    void refusesNonObjectsBadJsonAndBadUtf8() {
        refused("[1,2]", ErrorCode.BAD_REQUEST).hasMessageContaining("must be a JSON object").hasMessageContaining("an array");
        refused("{\"op\":\"status\",\"id\":1", ErrorCode.BAD_REQUEST).hasMessageContaining("invalid JSON");
        refused("{\"op\":\"status\",\"id\":99999999999999999999}", ErrorCode.BAD_REQUEST).hasMessageContaining("64 bits");
        byte[] bad = "{\"op\":\"status\",\"id\":1}".getBytes(StandardCharsets.UTF_8);
        bad[3] = (byte) 0xFF;
        assertThatThrownBy(() -> parser.parse(bad, 0, bad.length)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not valid UTF-8").hasMessageContaining("0xff at offset 3");
    }
}
