package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationsTest {
    @TempDir
    Path dir;
    private final Rotations rotations = new Rotations();

    @AfterEach
    void stop() {
        rotations.close();
    }

    private Path cur() {
        return dir.resolve("output.log");
    }

    /** Writes {@code text} as the current file and rotates it. */
    private void rotate(String text, int keep) throws Exception {
        Files.writeString(cur(), text);
        rotations.rotate(cur(), keep);
    }

    private String rotated(int i) throws Exception {
        Path p = RotatingLogFile.rotated(cur(), i);
        return Files.exists(p) ? Files.readString(p) : null;
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void smallKeepNumbersEveryRotationAtOnceAndDropsTheOldest() throws Exception {
        for (int i = 1; i <= 5; i++) rotate("r" + i + "\n", 3);
        rotations.awaitScheduled();
        assertThat(names()).containsExactly("output.log.1", "output.log.2", "output.log.3");
        assertThat(rotated(1)).isEqualTo("r5\n");
        assertThat(rotated(2)).isEqualTo("r4\n");
        assertThat(rotated(3)).isEqualTo("r3\n");
    }

    @Test
    void largeKeepNumbersInBatchesAndReadersSeeTheAsideFilesInPlace() throws Exception {
        int keep = 40; // batches of 5
        for (int i = 1; i <= 5; i++) rotate("r" + i + "\n", keep);
        rotations.awaitScheduled();
        for (int i = 6; i <= 7; i++) rotate("r" + i + "\n", keep);
        rotations.awaitScheduled();
        assertThat(rotated(1)).isEqualTo("r5\n");
        assertThat(rotated(5)).isEqualTo("r1\n");
        assertThat(names()).filteredOn(n -> n.contains(Rotations.ASIDE)).hasSize(2);

        Files.writeString(cur(), "now\n");
        List<String> lines = new ArrayList<>();
        try (LogBacklog b = LogBacklog.open(List.of(Map.entry(StreamKind.STDOUT, cur())), 4, false, rotations)) {
            b.deliver((s, d, len) -> lines.add(new String(d, 0, len, StandardCharsets.UTF_8)), () -> false);
        }
        assertThat(lines).containsExactly("r5", "r6", "r7", "now");

        rotations.awaitSettled();
        assertThat(names()).filteredOn(n -> n.contains(Rotations.ASIDE)).isEmpty();
        assertThat(rotated(1)).isEqualTo("r7\n");
        assertThat(rotated(7)).isEqualTo("r1\n");
    }

    @Test
    void filesLeftAsideByACrashAreNumberedAtTheNextRotation() throws Exception {
        Files.writeString(RotatingLogFile.rotated(cur(), 1), "old\n");
        Files.writeString(dir.resolve("output.log" + Rotations.ASIDE + "12"), "left b\n");
        Files.writeString(dir.resolve("output.log" + Rotations.ASIDE + "9"), "left a\n");
        rotate("new\n", 5);
        rotations.awaitScheduled();
        assertThat(rotated(1)).isEqualTo("new\n");
        assertThat(rotated(2)).isEqualTo("left b\n");
        assertThat(rotated(3)).isEqualTo("left a\n");
        assertThat(rotated(4)).isEqualTo("old\n");
    }

    @Test
    void keepZeroDeletesTheFullFile() throws Exception {
        rotate("gone\n", 0);
        rotations.awaitSettled();
        assertThat(names()).isEmpty();
    }
}
