package org.pdsup.daemon.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pdsup.config.OutputTarget;

/**
 * Where a service's log files live: {@code LOG_DIR/NAME/output.log} when both streams are combined, else
 * {@code LOG_DIR/NAME/stdout.log} and {@code stderr.log}; rotated files add {@code .1} (newest) … {@code .N}.
 * Directories are created rwxr-x--- and checked ({@link LogFiles}).
 */
final class LogLayout {
    static final String COMBINED = "output.log";
    static final String STDOUT = "stdout.log";
    static final String STDERR = "stderr.log";

    private LogLayout() {}

    /** {@code logDir/name}, after checking that {@code name} is usable as one directory name. */
    static Path serviceDir(Path logDir, String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("service name '" + name + "' cannot name a log directory under " + logDir);
        }
        return logDir.resolve(name);
    }

    /** The file {@code stream} is written to, or null when it does not go to a file. */
    static Path file(Path serviceDir, OutputSettings s, StreamKind stream) {
        if (s.target(stream) != OutputTarget.FILE) return null;
        if (s.combine()) return serviceDir.resolve(COMBINED);
        return serviceDir.resolve(stream == StreamKind.STDOUT ? STDOUT : STDERR);
    }

    /** The files of {@code s}, each with the stream it is reported as (combined output counts as stdout). */
    static List<Map.Entry<StreamKind, Path>> files(Path serviceDir, OutputSettings s) {
        List<Map.Entry<StreamKind, Path>> out = new ArrayList<>(2);
        for (StreamKind k : StreamKind.values()) {
            Path p = file(serviceDir, s, k);
            if (p != null && out.stream().noneMatch(e -> e.getValue().equals(p))) out.add(Map.entry(k, p));
        }
        return out;
    }

    private static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** For a service not opened by this daemon: whatever log files are on disk (from an earlier run or config). */
    static List<Map.Entry<StreamKind, Path>> probe(Path serviceDir) {
        Path combined = serviceDir.resolve(COMBINED);
        if (exists(combined) || exists(RotatingLogFile.rotated(combined, 1))) {
            return List.of(Map.entry(StreamKind.STDOUT, combined));
        }
        List<Map.Entry<StreamKind, Path>> out = new ArrayList<>(2);
        Path stdout = serviceDir.resolve(STDOUT);
        Path stderr = serviceDir.resolve(STDERR);
        if (exists(stdout) || exists(RotatingLogFile.rotated(stdout, 1))) out.add(Map.entry(StreamKind.STDOUT, stdout));
        if (exists(stderr) || exists(RotatingLogFile.rotated(stderr, 1))) out.add(Map.entry(StreamKind.STDERR, stderr));
        return out;
    }

    /**
     * Creates {@code dir} ({@code logDir/NAME}) rwxr-x---, or checks and fixes an existing one, after checking the
     * directories above it ({@link LogFiles#prepareServiceDir}); fails naming the path.
     */
    static void createDirectory(Path dir) throws IOException {
        LogFiles.prepareServiceDir(dir.getParent(), dir);
    }
}
