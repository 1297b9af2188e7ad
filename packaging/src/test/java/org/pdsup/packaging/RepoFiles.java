package org.pdsup.packaging;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds the repository's shell scripts and man pages, outside build output, version control and the
 * benchmarks' scratch directories.
 */
final class RepoFiles {
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", ".idea", "out", ".work");
    private static final Pattern SHELL_SHEBANG =
            Pattern.compile("^#!\\s*(/bin/sh|/bin/bash|/usr/bin/env\\s+(ba)?sh)\\b.*");
    private static final Pattern MAN_NAME = Pattern.compile(".+\\.[1-9]");
    private static final Pattern ROFF_START = Pattern.compile("^(\\.\\\\\"|\\.Dd|\\.TH|'\\\\\").*");

    private RepoFiles() {
    }

    /** Files named {@code *.sh}, and files whose first line is a {@code sh}/{@code bash} shebang. */
    static List<Path> shellScripts(Path root) throws IOException {
        return find(root, file -> file.getFileName().toString().endsWith(".sh")
                || file.getFileName().toString().endsWith(".bash") || firstLineMatches(file, SHELL_SHEBANG));
    }

    /** Files named {@code NAME.SECTION} whose first line is roff ({@code .\"}, {@code .Dd}, {@code .TH}). */
    static List<Path> manPages(Path root) throws IOException {
        return find(root, file -> MAN_NAME.matcher(file.getFileName().toString()).matches()
                && firstLineMatches(file, ROFF_START));
    }

    private interface FileTest {
        boolean test(Path file) throws IOException;
    }

    private static List<Path> find(Path root, FileTest wanted) throws IOException {
        Set<Path> found = new TreeSet<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && wanted.test(file)) found.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        return List.copyOf(found);
    }

    private static boolean firstLineMatches(Path file, Pattern pattern) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = r.readLine();
            return first != null && pattern.matcher(first).matches();
        }
    }
}
