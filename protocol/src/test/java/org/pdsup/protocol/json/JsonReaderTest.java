package org.pdsup.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonReaderTest {
    private final JsonReader reader = new JsonReader(JsonLimits.PROTOCOL);

    private Object parse(String s) throws JsonSyntaxException {
        return reader.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @SuppressWarnings("unchecked")
    void buildsTreeOfMapsListsAndScalars() throws Exception {
        Object tree = parse("{\"a\":1,\"b\":[true,false,null,\"x\"],\"c\":{\"d\":2.5},\"e\":-9223372036854775808}");
        assertThat(tree).isInstanceOf(Map.class);
        Map<String, Object> m = (Map<String, Object>) tree;
        assertThat(m.keySet()).containsExactly("a", "b", "c", "e");
        assertThat(m.get("a")).isEqualTo(1L);
        assertThat((List<Object>) m.get("b")).containsExactly(true, false, null, "x");
        assertThat(((Map<?, ?>) m.get("c")).get("d")).isEqualTo(2.5);
        assertThat(m.get("e")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void decodesUnicodeEscapesAndMultibyteText() throws Exception {
        Map<?, ?> m = (Map<?, ?>) parse("{\"s\":\"caf\\u00e9 \u65e5\u672c \\ud83d\\ude00\"}");
        assertThat(m.get("s")).isEqualTo("café 日本 😀");
    }

    @Test
    void rejectsIntegersBeyond64Bits() {
        assertThatThrownBy(() -> parse("{\"id\":9223372036854775808}"))
                .isInstanceOf(JsonSyntaxException.class).hasMessageContaining("does not fit in 64 bits");
    }

    @Test
    void rejectsOverlongNumbers() {
        assertThatThrownBy(() -> parse("{\"id\":" + "9".repeat(100) + "}"))
                .isInstanceOf(JsonSyntaxException.class).hasMessageContaining("invalid JSON");
    }

    @Test
    void rejectsInfiniteFloats() {
        assertThatThrownBy(() -> parse("{\"x\":1e999}"))
                .isInstanceOf(JsonSyntaxException.class).hasMessageContaining("out of range");
    }

    @Test
    void rejectsNestingBeyondTheLimit() throws Exception {
        String ok = "[".repeat(32) + "]".repeat(32);
        assertThat(parse(ok)).isInstanceOf(List.class);
        String deep = "[".repeat(33) + "]".repeat(33);
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("nesting deeper than 32");
        String veryDeep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertThatThrownBy(() -> parse(veryDeep)).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("nesting deeper than 32");
    }

    @Test
    void rejectsTrailingDataDuplicatesAndTruncation() {
        assertThatThrownBy(() -> parse("{\"a\":1} {\"b\":2}")).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> parse("{\"a\":1,\"a\":2}")).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> parse("{\"a\":[1,2")).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> parse("")).isInstanceOf(JsonSyntaxException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("{'a':1}")).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("column 2");
    }

    @Test
    void rejectsInvalidUtf8InsideStrings() {
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> reader.parse(bad)).isInstanceOf(JsonSyntaxException.class);
    }

    @Test
    void refusesUtf16AndNulBytes() {
        byte[] utf16 = "{\"op\":\"status\",\"id\":1}".getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> reader.parse(utf16)).isInstanceOf(JsonSyntaxException.class).hasMessageContaining("NUL byte");
        byte[] utf32 = "{}".getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
        assertThatThrownBy(() -> reader.parse(utf32)).isInstanceOf(JsonSyntaxException.class).hasMessageContaining("NUL byte at offset 0");
    }

    @Test
    void trustedPeerReaderAppliesTheSameRules() throws Exception {
        JsonReader fast = JsonReader.forTrustedPeer(JsonLimits.PROTOCOL);
        String json = "{\"a\":[1,2.5,\"caf\u00e9\"],\"b\":{\"c\":null}}";
        assertThat(fast.parse(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(parse(json));
        assertThatThrownBy(() -> fast.parse("[".repeat(40).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonSyntaxException.class).hasMessageContaining("nesting deeper than 32");
        assertThatThrownBy(() -> fast.parse("{\"a\":1,\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonSyntaxException.class);
        assertThatThrownBy(() -> fast.parse(("{\"a\":" + "9".repeat(40) + "}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonSyntaxException.class);
    }
}
