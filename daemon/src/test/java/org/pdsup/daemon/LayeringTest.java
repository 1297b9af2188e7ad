package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Layers point one way: the supervisor core names nothing of the adapters above it (control, metrics), by
 * import or by full name. Nor does output, which the core drives.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/org/pdsup/daemon");

    private static List<String> mentions(String pkg, String... above) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            return files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().filter(l -> Stream.of(above)
                            .anyMatch(a -> l.contains("org.pdsup.daemon." + a + "."))).map(l -> p + ": " + l.strip());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void theSupervisorNamesNeitherControlNorMetrics() throws IOException {
        assertThat(mentions("supervisor", "control", "metrics")).isEmpty();
    }

    @Test
    void outputNamesNeitherTheSupervisorNorTheAdapters() throws IOException {
        assertThat(mentions("output", "supervisor", "control", "metrics")).isEmpty();
    }
}
