package org.pdsup.daemon.control;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonFactory;
import org.pdsup.protocol.Request;

/**
 * Runs pdctl as another user ({@code nobody:nogroup}, no supplementary groups) in its own JVM, through
 * setpriv(1). pdctl and its two jars are copied where that user can read them (the Maven repository is
 * root's).
 */
final class NobodyClient {
    private static final String SETPRIV = "/usr/bin/setpriv";

    record Result(int exit, String stdout, String stderr) {}

    private final Path lib;

    NobodyClient(Path dir) throws IOException {
        lib = dir.resolve("lib");
        Files.createDirectories(lib);
        for (Class<?> c : List.of(org.pdsup.pdctl.Main.class, Request.class, JsonFactory.class)) {
            Path from;
            try {
                from = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            if (Files.isDirectory(from)) copyTree(from, lib.resolve(c.getSimpleName() + "-classes"));
            else Files.copy(from, lib.resolve(from.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
        openUp(dir);
    }

    static boolean possible() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of(SETPRIV));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** World-readable files, world-searchable directories under {@code dir} (and {@code dir} itself). */
    private static void openUp(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(p) || !(Files.isDirectory(p) || Files.isRegularFile(p))) continue;
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private String classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        try (var list = Files.list(lib)) {
            list.forEach(p -> entries.add(p.toString()));
        }
        return String.join(":", entries);
    }

    Result pdctl(String... args) throws IOException, InterruptedException {
        return pdctlWithGroup("nogroup", args);
    }

    /** As nobody, with {@code group} as the process's group (not nobody's primary group in the user database). */
    Result pdctlWithGroup(String group, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SETPRIV, "--reuid=nobody", "--regid=" + group, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath(), "org.pdsup.pdctl.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("PDCTL_SOCKET");
        pb.environment().put("HOME", "/nonexistent");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("pdctl as nobody did not finish: " + cmd);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
