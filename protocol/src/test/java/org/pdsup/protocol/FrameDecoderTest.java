package org.pdsup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private final List<String> frames = new ArrayList<>();
    private final FrameSink sink = (d, o, l) -> frames.add(new String(d, o, l, StandardCharsets.UTF_8));

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsOnNewlinesAcrossArbitraryChunks() throws Exception {
        FrameDecoder d = new FrameDecoder(64);
        String input = "{\"a\":1}\n{\"b\":2}\r\n{\"c\":3}\n";
        for (int i = 0; i < input.length(); i++) d.feed(bytes(input.substring(i, i + 1)), sink);
        assertThat(frames).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
        assertThat(d.pendingBytes()).isZero();
    }

    @Test
    void holdsAnIncompleteLineUntilItsNewline() throws Exception {
        FrameDecoder d = new FrameDecoder(64);
        d.feed(bytes("{\"a\":"), sink);
        assertThat(frames).isEmpty();
        assertThat(d.pendingBytes()).isEqualTo(5);
        d.feed(bytes("1}\n"), sink);
        assertThat(frames).containsExactly("{\"a\":1}");
    }

    @Test
    void skipsBlankLines() throws Exception {
        FrameDecoder d = new FrameDecoder(64);
        d.feed(bytes("\n  \n\t\r\nx\n"), sink);
        assertThat(frames).containsExactly("x");
    }

    @Test
    void acceptsALineOfExactlyTheLimitWithOrWithoutCarriageReturn() throws Exception {
        FrameDecoder d = new FrameDecoder(16);
        d.feed(bytes("a".repeat(16) + "\n" + "b".repeat(16) + "\r\n"), sink);
        assertThat(frames).containsExactly("a".repeat(16), "b".repeat(16));
    }

    @Test
    void refusesALineOneByteOverTheLimit() throws Exception {
        FrameDecoder d = new FrameDecoder(16);
        assertThatThrownBy(() -> d.feed(bytes("a".repeat(17) + "\n"), sink))
                .isInstanceOf(FrameTooLargeException.class).hasMessageContaining("16 bytes");
        assertThat(frames).isEmpty();
    }

    @Test
    void refusesAnEndlessLineWithoutBufferingIt() throws Exception {
        FrameDecoder d = new FrameDecoder(1024);
        ByteBuffer chunk = ByteBuffer.wrap(new byte[100]);
        int fed = 0;
        try {
            while (true) {
                chunk.rewind();
                d.feed(chunk, sink);
                fed += 100;
                assertThat(d.pendingBytes()).isLessThanOrEqualTo(1025);
            }
        } catch (FrameTooLargeException e) {
            assertThat(fed).isLessThanOrEqualTo(1100);
        }
        assertThatThrownBy(() -> d.feed(bytes("x\n"), sink)).isInstanceOf(FrameTooLargeException.class);
    }

    @Test
    void handlesManyFramesInOneBufferAndDirectBuffers() throws Exception {
        FrameDecoder d = new FrameDecoder(32);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) sb.append("frame-").append(i).append('\n');
        byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(all.length);
        direct.put(all).flip();
        d.feed(direct, sink);
        assertThat(frames).hasSize(1000).startsWith("frame-0").endsWith("frame-999");
    }
}
