package org.pdsup.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    private final JsonWriter writer = new JsonWriter();

    @Test
    void writesCompactJsonInInsertionOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", 7L);
        m.put("ok", true);
        m.put("n", 3);
        m.put("d", 0.25);
        m.put("l", Arrays.asList("a", null, false));
        m.put("nan", Double.NaN);
        assertThat(writer.toJson(m)).isEqualTo("{\"id\":7,\"ok\":true,\"n\":3,\"d\":0.25,\"l\":[\"a\",null,false],\"nan\":null}");
    }

    @Test
    void escapesControlCharactersSoAFrameStaysOneLine() {
        String json = writer.toJson(Map.of("line", "a\nb\r\tc\u0000"));
        assertThat(json).doesNotContain("\n").doesNotContain("\r").contains("\\n").contains("\\u0000");
    }

    @Test
    void roundTripsThroughTheReader() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "日本 😀 \"quoted\" \\");
        m.put("big", Long.MAX_VALUE);
        m.put("nested", Map.of("x", Arrays.asList(1L, 2L)));
        Object back = new JsonReader(JsonLimits.PROTOCOL).parse(writer.toBytes(m));
        assertThat(back).isEqualTo(m);
    }

    @Test
    void refusesTypesOutsideTheTree() {
        assertThatThrownBy(() -> writer.toJson(Map.of("x", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }
}
