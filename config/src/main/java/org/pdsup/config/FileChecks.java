package org.pdsup.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Plain-words reasons why a path is not what it must be, or null when it is. */
final class FileChecks {
    private FileChecks() {}

    static String notExecutableFile(Path p) {
        if (!Files.exists(p)) return missing(p);
        if (Files.isDirectory(p)) return p + " is a directory, not an executable file";
        if (!Files.isRegularFile(p)) return p + " is not a regular file";
        if (!Files.isExecutable(p)) return p + " is not executable";
        return null;
    }

    static String notReadableFile(Path p) {
        if (!Files.exists(p)) return missing(p);
        if (Files.isDirectory(p)) return p + " is a directory, not a file";
        if (!Files.isReadable(p)) return p + " is not readable";
        return null;
    }

    static String notReadableDirectory(Path p) {
        if (!Files.exists(p)) return "no such directory: " + p;
        if (!Files.isDirectory(p)) return p + " is not a directory";
        if (!Files.isReadable(p) || !Files.isExecutable(p)) return "cannot read directory " + p;
        return null;
    }

    private static String missing(Path p) {
        Path parent = p.getParent();
        if (parent != null && !Files.isDirectory(parent)) return "no such file: " + p + " (no directory " + parent + ")";
        return "no such file: " + p;
    }
}
