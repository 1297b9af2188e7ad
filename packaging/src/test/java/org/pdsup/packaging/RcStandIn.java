package org.pdsup.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A FreeBSD-like root in a temporary directory in which rc.d/pdsupd runs on Linux: the rc.subr stand-in as
 * {@code ROOT/etc/rc.subr}, the daemon(8) stand-in as {@code ROOT/usr/sbin/daemon}, pdsupd and pdctl stand-ins in
 * {@code ROOT/usr/local/bin}, and limits, install, ps and pwait stand-ins first on PATH (all in
 * src/test/resources/rc-subr). The script under test is one of the repository's two copies with its absolute
 * paths moved under the root ({@code /etc/rc.subr}, {@code /usr/sbin/daemon}, {@code /usr/local}, {@code /var/run},
 * {@code /var/log}); the stand-ins record every command line, which {@link #calls()} gives back with the root
 * removed again, i.e. as the script would run them on FreeBSD.
 */
final class RcStandIn {
    /** The two copies of the script and how each names its prefix. */
    enum Source {
        RC_D("rc.d/pdsupd", "/usr/local/"),
        PORT("packaging/freebsd/sysutils/pdsup/files/pdsupd.in", "%%PREFIX%%/");

        final String path;
        final String prefixText;

        Source(String path, String prefixText) {
            this.path = path;
            this.prefixText = prefixText;
        }
    }

    /** A bound only against a hung script (the stand-ins answer at once); generous for a loaded machine. */
    private static final Duration VERB_TIMEOUT = Duration.ofSeconds(60);
    private static final Path RESOURCES = Path.of("packaging/src/test/resources/rc-subr");

    final Path root;
    private final Path log;
    private final Path state;
    private final Path stubs;
    private final Path script;

    private RcStandIn(Path root) {
        this.root = root;
        this.log = root.resolve("calls.log");
        this.state = root.resolve("standin-state");
        this.stubs = root.resolve("standin-bin");
        this.script = root.resolve("usr/local/etc/rc.d/pdsupd");
    }

    /**
     * Lays out the root, with {@code rcConf} as its /etc/rc.conf (its /usr/local and /var/run paths moved under the
     * root too) and an empty /usr/local/etc/pdsupd/pdsupd.conf.
     */
    static RcStandIn create(Path dir, Source source, String rcConf) throws IOException {
        RcStandIn s = new RcStandIn(dir.toRealPath());
        Path r = s.root;
        for (String d : List.of("etc", "usr/sbin", "usr/local/bin", "usr/local/etc/pdsupd", "usr/local/etc/rc.d",
                "var/run", "var/log", "standin-state", "standin-bin")) {
            Files.createDirectories(r.resolve(d));
        }
        Path res = Build.repo().resolve(RESOURCES);
        copyExecutable(res.resolve("rc.subr"), r.resolve("etc/rc.subr"));
        copyExecutable(res.resolve("bin/daemon"), r.resolve("usr/sbin/daemon"));
        for (String p : List.of("pdsupd", "pdctl")) copyExecutable(res.resolve("bin/" + p), r.resolve("usr/local/bin/" + p));
        for (String p : List.of("limits", "install", "ps", "pwait", "daemon-supervisor")) {
            copyExecutable(res.resolve("bin/" + p), s.stubs.resolve(p));
        }
        Files.writeString(r.resolve("usr/local/etc/pdsupd/pdsupd.conf"), "");
        Files.writeString(r.resolve("etc/rc.conf"), rcConf.replace("/usr/local/", r + "/usr/local/")
                .replace("/var/run/", r + "/var/run/"));
        Files.writeString(s.log, "");

        String text = Files.readString(Build.repoFile(source.path));
        if (!text.contains(". /etc/rc.subr\n")) throw new AssertionError(source.path + " does not source /etc/rc.subr");
        text = text.replace(source.prefixText, r + "/usr/local/")
                .replace("/etc/rc.subr", r + "/etc/rc.subr")
                .replace("/usr/sbin/daemon", r + "/usr/sbin/daemon")
                .replace("/var/run/", r + "/var/run/")
                .replace("/var/log/", r + "/var/log/");
        Files.writeString(s.script, text);
        return s;
    }

    private static void copyExecutable(Path from, Path to) throws IOException {
        Files.copy(from, to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs {@code sh SCRIPT verb} as FreeBSD's service(8) would, with a clean environment plus {@code env}. */
    Run.Result verb(String verb, Map<String, String> env) throws IOException, InterruptedException {
        Files.writeString(log, "");
        Map<String, String> e = new HashMap<>();
        for (String k : System.getenv().keySet()) e.put(k, null);
        e.put("PATH", stubs + ":/usr/bin:/bin");
        e.put("HOME", "/");
        e.put("RC_STANDIN_ROOT", root.toString());
        e.put("RC_STANDIN_LOG", log.toString());
        e.put("RC_STANDIN_STATE", state.toString());
        e.put("RC_STANDIN_STUBS", stubs.toString());
        e.putAll(env);
        Run.Result r = Run.run(List.of("/bin/sh", script.toString(), verb), e, VERB_TIMEOUT);
        return new Run.Result(r.command(), r.exit(), unroot(r.out()), unroot(r.err()));
    }

    Run.Result verb(String verb) throws IOException, InterruptedException {
        return verb(verb, Map.of());
    }

    /**
     * The command lines of the last verb, in order, with the root removed: "argv: PROGRAM ARGS" from a stand-in
     * program, "doit: LINE" for each line rc.subr evaluated (blanks squeezed, as the shell splits them).
     */
    List<String> calls() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) out.add(unroot(line).strip().replaceAll("\\s+", " "));
        return out;
    }

    private String unroot(String s) {
        return s.replace(root.toString(), "");
    }

    /** The pid in a pidfile of the root ({@code /var/run/...}), if the file exists. */
    Optional<Long> pid(String freebsdPath) throws IOException {
        Path p = root.resolve(freebsdPath.substring(1));
        if (!Files.exists(p)) return Optional.empty();
        return Optional.of(Long.parseLong(Files.readString(p).strip()));
    }

    /** Whether a process runs (a zombie does not count: FreeBSD's init would have reaped it). */
    static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) return false;
        try {
            String s = Files.readString(stat);
            char state = s.charAt(s.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    /** Ends whatever the stand-ins left running (after a failed test). */
    void killLeftovers() throws IOException {
        Path pids = state.resolve("pids");
        if (!Files.exists(pids)) return;
        for (String line : Files.readAllLines(pids)) {
            if (line.isBlank()) continue;
            ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
