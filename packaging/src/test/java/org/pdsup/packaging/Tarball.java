package org.pdsup.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The built tarball, unpacked with the system's tar (which keeps the modes) into a prefix of a test's own. */
final class Tarball {
    private Tarball() {
    }

    /** Unpacks the tarball's top directory {@code pdsup-VERSION/} into {@code prefix}. */
    static Path unpack(Path prefix) throws IOException, InterruptedException {
        Files.createDirectories(prefix);
        Run.Result r = Run.run(List.of("tar", "-xzf", Build.tarball().toString(), "-C", prefix.toString(),
                "--strip-components=1"));
        if (r.exit() != 0) throw new AssertionError("unpacking failed: " + r.describe());
        return prefix;
    }

    /** Every entry name of the tarball, as stored (directories end in '/'). */
    static List<String> entries() throws IOException, InterruptedException {
        Run.Result r = Run.run(List.of("tar", "-tzf", Build.tarball().toString()));
        if (r.exit() != 0) throw new AssertionError("listing failed: " + r.describe());
        return r.out().lines().toList();
    }

    /** The regular files and symbolic links under {@code root}, as paths relative to it. */
    static Set<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            Set<String> names = new TreeSet<>();
            s.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> names.add(root.relativize(p).toString()));
            return names;
        }
    }
}
