package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogBacklogTest {
    @TempDir
    Path dir;

    private List<String> last(List<Map.Entry<StreamKind, Path>> files, int n, boolean merge) throws Exception {
        List<String> out = new ArrayList<>();
        try (Rotations r = new Rotations(); LogBacklog b = LogBacklog.open(files, n, merge, r)) {
            b.deliver((s, d, len) -> out.add(s.label() + ":" + new String(d, 0, len, StandardCharsets.UTF_8)), () -> false);
        }
        return out;
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsTheLastLinesAcrossRotatedFiles() throws Exception {
        write("output.log.2", "1\n2\n3\n");
        write("output.log.1", "4\n5\n");
        Path cur = write("output.log", "6\n7\n");
        List<Map.Entry<StreamKind, Path>> files = List.of(Map.entry(StreamKind.STDOUT, cur));
        assertThat(last(files, 3, false)).containsExactly("stdout:5", "stdout:6", "stdout:7");
        assertThat(last(files, 5, false)).containsExactly("stdout:3", "stdout:4", "stdout:5", "stdout:6", "stdout:7");
        assertThat(last(files, 100, false)).hasSize(7).startsWith("stdout:1");
        assertThat(last(files, 0, false)).isEmpty();
    }

    @Test
    void emptyCurrentFileAndNewsyslogZeroFile() throws Exception {
        write("output.log.1", "a\nb\n");
        write("output.log.0", "c\n");
        Path cur = write("output.log", "");
        assertThat(last(List.of(Map.entry(StreamKind.STDOUT, cur)), 2, false)).containsExactly("stdout:b", "stdout:c");
    }

    @Test
    void anUnterminatedLastLineCounts() throws Exception {
        Path cur = write("output.log", "x\ny\nz");
        assertThat(last(List.of(Map.entry(StreamKind.STDOUT, cur)), 2, false)).containsExactly("stdout:y", "stdout:z");
    }

    @Test
    void longFilesAcrossReadBlocks() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) sb.append("line ").append(i).append('\n');
        Path cur = write("output.log", sb.toString());
        List<String> got = last(List.of(Map.entry(StreamKind.STDOUT, cur)), 20_000, false);
        assertThat(got).hasSize(20_000);
        assertThat(got.get(0)).isEqualTo("stdout:line 30000");
        assertThat(got.get(19_999)).isEqualTo("stdout:line 49999");
    }

    @Test
    void mergesTwoStreamsByTimestampAndKeepsTheLastN() throws Exception {
        Path out = write("stdout.log", "2026-01-01T00:00:01.000Z o1\n2026-01-01T00:00:03.000Z o3\n");
        Path err = write("stderr.log", "2026-01-01T00:00:02.000Z e2\n2026-01-01T00:00:04.000Z e4\n");
        List<Map.Entry<StreamKind, Path>> files = List.of(Map.entry(StreamKind.STDOUT, out), Map.entry(StreamKind.STDERR, err));
        assertThat(last(files, 3, true)).containsExactly(
                "stderr:2026-01-01T00:00:02.000Z e2", "stdout:2026-01-01T00:00:03.000Z o3", "stderr:2026-01-01T00:00:04.000Z e4");
        assertThat(last(files, 1, false)).as("without timestamps: each stream's last lines, stdout first")
                .containsExactly("stdout:2026-01-01T00:00:03.000Z o3", "stderr:2026-01-01T00:00:04.000Z e4");
    }

    @Test
    void noFilesNoLines() throws Exception {
        assertThat(last(List.of(Map.entry(StreamKind.STDOUT, dir.resolve("missing.log"))), 10, false)).isEmpty();
        assertThat(LogLayout.probe(dir)).isEmpty();
    }
}
