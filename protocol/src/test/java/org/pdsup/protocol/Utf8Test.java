package org.pdsup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class Utf8Test {
    private static int check(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
        return Utf8.firstInvalid(b, 0, b.length);
    }

    @Test
    void acceptsWellFormedText() {
        byte[] b = "ascii café 日本 😀 \u07ff \uffff".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstInvalid(b, 0, b.length)).isEqualTo(-1);
        assertThat(check(0xF4, 0x8F, 0xBF, 0xBF)).isEqualTo(-1); // U+10FFFF
    }

    @Test
    void pointsAtTheFirstBadSequence() {
        assertThat(check('a', 0x80)).isEqualTo(1);                 // lone continuation byte
        assertThat(check('a', 'b', 0xC0, 0xAF)).isEqualTo(2);      // overlong '/'
        assertThat(check(0xE0, 0x80, 0xAF)).isEqualTo(0);          // overlong 3-byte
        assertThat(check(0xED, 0xA0, 0x80)).isEqualTo(0);          // surrogate U+D800
        assertThat(check(0xF4, 0x90, 0x80, 0x80)).isEqualTo(0);    // above U+10FFFF
        assertThat(check(0xF5, 0x80, 0x80, 0x80)).isEqualTo(0);
        assertThat(check('x', 0xE6, 0x97)).isEqualTo(1);           // truncated
        assertThat(check(0xC3, 0x28)).isEqualTo(0);                // bad continuation
        assertThat(check(0xFF)).isEqualTo(0);
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[rnd.nextInt(1, 12)];
            for (int i = 0; i < b.length; i++) b[i] = (byte) rnd.nextInt(256);
            boolean jdkValid;
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
                jdkValid = true;
            } catch (CharacterCodingException e) {
                jdkValid = false;
            }
            assertThat(Utf8.firstInvalid(b, 0, b.length) < 0).as("bytes %s", java.util.Arrays.toString(b))
                    .isEqualTo(jdkValid);
        }
    }
}
