package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** A file does one job and stays under 400 lines: every source file of the daemon module, main and test. */
class FileSizeTest {
    private static final int MAX_LINES = 400;

    @Test
    void noDaemonSourceFileIsLongerThan400Lines() throws IOException {
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            tooLong = files.filter(p -> p.toString().endsWith(".java")).filter(p -> lines(p) > MAX_LINES)
                    .map(p -> p + ": " + lines(p) + " lines").sorted().toList();
        }
        assertThat(tooLong).as("files of daemon/ over %d lines", MAX_LINES).isEmpty();
    }

    private static long lines(Path p) {
        try (Stream<String> l = Files.lines(p)) {
            return l.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
