package org.pdsup.daemon.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real local user for tests, made with useradd(8) (reused if it exists; removed on close only if made
 * here), and a way to run commands as that user through setpriv(1). Needs root.
 */
public final class TestUser implements AutoCloseable {
    private static final String SETPRIV = "/usr/bin/setpriv";

    public final String name;
    final int uid;
    final int gid;
    private final boolean created;

    private TestUser(String name, int uid, int gid, boolean created) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.created = created;
    }

    public static boolean possible() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of(SETPRIV))
                && (Files.isExecutable(Path.of("/usr/sbin/useradd")) || Files.isExecutable(Path.of("/sbin/useradd")));
    }

    /** @param name starts with "pdsuptest-" */
    public static synchronized TestUser ensure(String name) throws IOException, InterruptedException {
        if (!name.startsWith("pdsuptest-")) throw new IllegalArgumentException("test users are named pdsuptest-*");
        boolean created = false;
        if (run("id", "-u", name).exit != 0) {
            Result r = run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name);
            // another test (or JVM) may have made it meanwhile
            if (r.exit != 0 && run("id", "-u", name).exit != 0) throw new IOException("useradd " + name + ": " + r.out);
            created = r.exit == 0;
        }
        int uid = Integer.parseInt(run("id", "-u", name).out.trim());
        int gid = Integer.parseInt(run("id", "-g", name).out.trim());
        return new TestUser(name, uid, gid, created);
    }

    /** A process running {@code command} as this user (no supplementary groups). */
    public Process start(String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(SETPRIV, "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        argv.addAll(List.of(command));
        return new ProcessBuilder(argv).redirectErrorStream(true).start();
    }

    @Override
    public void close() throws IOException {
        if (!created) return;
        try {
            run("userdel", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("userdel " + name + " interrupted", e);
        }
    }

    private record Result(int exit, String out) {}

    private static Result run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }
}
