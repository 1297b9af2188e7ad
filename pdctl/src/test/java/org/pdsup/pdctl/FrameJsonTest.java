package org.pdsup.pdctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;
import org.pdsup.protocol.json.JsonSyntaxException;
import org.pdsup.protocol.json.JsonWriter;

/**
 * pdctl's hand-written JSON (issue 22) against the protocol module's jackson-based reader and writer, which the
 * daemon uses: the same trees from the same bytes, the same bytes from the same trees, the same refusals.
 */
class FrameJsonTest {
    private static final JsonLimits LIMITS = JsonLimits.PROTOCOL;
    private final JsonReader jackson = new JsonReader(LIMITS);
    private final JsonWriter jacksonWriter = new JsonWriter();

    private Object parse(String json) throws JsonSyntaxException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return new FrameParser(LIMITS).parse(b, 0, b.length);
    }

    @Test
    void readsWhatJacksonReads() throws Exception {
        for (String doc : List.of(
                "{\"id\":2,\"ok\":true,\"services\":[{\"name\":\"web\",\"state\":\"running\",\"pid\":1000,"
                        + "\"last_exit\":null,\"user_cpu_seconds\":0.01,\"ready\":false}]}",
                " { \"a\" : [ 1 , -2 , 0 , 3.5e-3 , -0.0 , 1E10 , true , false , null , [ ] , { } ] } \n",
                "{\"s\":\"tab\\there \\\"q\\\" back\\\\slash \\/ \\b\\f\\n\\r \\u00e9\\u20ac \\ud83d\\ude00 é€😀\"}",
                "{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"n18\":999999999999999999}",
                "[\"\",\"x\"]", "\"just a string\"", "12", "null")) {
            byte[] b = doc.getBytes(StandardCharsets.UTF_8);
            assertThat(parse(doc)).as(doc).isEqualTo(jackson.parse(b));
        }
    }

    @Test
    void refusesWhatJacksonRefusesSayingWhere() {
        for (String bad : List.of("", "  ", "{", "{\"a\":1,}", "{\"a\" 1}", "[1,]", "[1 2]", "{\"a\":1}x",
                "{\"a\":1,\"a\":2}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":1e}", "{\"a\":tru}",
                "{\"a\":\"unterminated}", "{\"a\":\"bad \\x escape\"}", "{\"a\":\"raw\ncontrol\"}",
                "{\"a\":9223372036854775808}", "{\"a\":1e999}", "{'a':1}", "{\"a\":\"\\u12\"}",
                "{\"a\":123456789012345678901234567890123}", "[".repeat(33) + "]".repeat(33))) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> jackson.parse(b)).as("jackson: " + bad).isInstanceOf(JsonSyntaxException.class);
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(JsonSyntaxException.class)
                    .hasMessageContaining("at byte");
        }
        assertThatThrownBy(() -> parse("{\"a\":1,\"a\":2}")).hasMessage("duplicate field 'a' at byte 7");
        assertThatThrownBy(() -> parse("{\"a\":9223372036854775808}"))
                .hasMessage("integer 9223372036854775808 does not fit in 64 bits at byte 5");
        assertThatThrownBy(() -> parse("[".repeat(33))).hasMessage("nesting deeper than 32 levels at byte 32");
    }

    @Test
    void randomTreesGoThroughBothWaysAsWithJackson() throws Exception {
        Random random = new Random(22);
        for (int i = 0; i < 2000; i++) {
            Object tree = tree(random, 0);
            String ours = FrameWriter.toJson(tree);
            String theirs = jacksonWriter.toJson(tree);
            assertThat(ours).isEqualTo(theirs);
            assertThat(parse(ours)).isEqualTo(jackson.parse(theirs.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Object tree(Random r, int depth) {
        int kind = depth > 4 ? 2 + r.nextInt(5) : r.nextInt(7);
        switch (kind) {
            case 0: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) m.put(text(r), tree(r, depth + 1));
                return m;
            }
            case 1: {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) l.add(tree(r, depth + 1));
                return l;
            }
            case 2: return text(r);
            case 3: return r.nextBoolean() ? r.nextLong() : (long) r.nextInt(1000) - 500;
            case 4: return r.nextBoolean() ? r.nextDouble() * Math.pow(10, r.nextInt(40) - 20) : -r.nextDouble();
            case 5: return r.nextBoolean();
            default: return null;
        }
    }

    private static String text(Random r) {
        StringBuilder sb = new StringBuilder();
        String pool = "ab \"\\/\t\n\r\b\f\u0001\u001féü€😀";
        for (int i = r.nextInt(8); i > 0; i--) {
            int at = r.nextInt(pool.length());
            char c = pool.charAt(at);
            if (Character.isHighSurrogate(c)) sb.append(c).append(pool.charAt(at + 1));
            else if (!Character.isLowSurrogate(c)) sb.append(c);
        }
        return sb.toString();
    }
}
