package org.pdsup.procdesc.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@link StatFields}: fields of a stat line read from bytes in a reused buffer. */
class StatFieldsTest {
    @TempDir
    Path tmp;

    private static final String LINE =
            "42 (a) b (c) S 1 40 41 -1 -7 4194560 0 0 0 0 0 0 0 0 20 0 1 0 250 1000 100 0 0\n";

    @Test
    void fieldsCountFromTheLastParenthesis() {
        byte[] b = LINE.getBytes(StandardCharsets.US_ASCII);
        assertThat(StatFields.character(b, b.length, 3)).isEqualTo('S');
        assertThat(StatFields.number(b, b.length, 4)).isEqualTo(1);
        assertThat(StatFields.number(b, b.length, 5)).isEqualTo(40);
        assertThat(StatFields.number(b, b.length, 6)).isEqualTo(41);
        assertThat(StatFields.number(b, b.length, 7)).isEqualTo(-1);
        assertThat(StatFields.number(b, b.length, 8)).isEqualTo(-7);
        assertThat(StatFields.number(b, b.length, 22)).isEqualTo(250);
        assertThat(StatFields.number(b, b.length, 26)).isEqualTo(0); // the last, before the newline
    }

    @Test
    void onlyTheGivenLengthCountsInAReusedBuffer() {
        byte[] buf = new byte[256];
        byte[] longer = LINE.replace(" 250 ", " 99999 ").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(longer, 0, buf, 0, longer.length);
        byte[] shorter = "7 (x) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(shorter, 0, buf, 0, shorter.length);
        assertThat(StatFields.character(buf, shorter.length, 3)).isEqualTo('Z');
        assertThat(StatFields.number(buf, shorter.length, 22)).isEqualTo(5);
        assertThatThrownBy(() -> StatFields.number(buf, shorter.length, 23))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no field 23");
    }

    @Test
    void badLinesSayWhatIsWrong() {
        byte[] noParen = "42 a S 1".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> StatFields.number(noParen, noParen.length, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without ')'");
        byte[] word = "42 (a) S x 1".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> StatFields.number(word, word.length, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 4 is not a number");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisProcessAndNothingForAMissingOne() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        byte[] buf = StatFields.buffer();
        int n = StatFields.read("/proc", self, buf);
        assertThat(n).isPositive();
        assertThat(StatFields.number(buf, n, 4)).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        Files.createDirectories(tmp.resolve("7"));
        Files.writeString(tmp.resolve("7/stat"), "");
        assertThat(StatFields.read(tmp.toString(), 7, buf)).as("an empty file (a vanished process)").isEqualTo(-1);
        assertThat(StatFields.read(tmp.toString(), 8, buf)).as("no such process").isEqualTo(-1);
    }
}
