package org.pdsup.procdesc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * The exec helper {@code pdsup-exec} (source {@code procdesc/src/main/c/pdsup-exec.c}, contract in
 * {@code docs/procdesc.md}): where to find it, the argv that asks it for a {@link SpawnSpec}, and how to turn
 * its status line {@code E <errno> <stage> <detail>} into a {@link SpawnException}. Platform-neutral; the
 * backends supply errno names and signal numbers.
 */
public final class ExecHelper {
    private ExecHelper() {}

    /** System property naming the helper binary. */
    public static final String HELPER_PROPERTY = "pdsup.exec.helper";
    /** System property naming the installation root; the helper is then {@code ${pdsup.home}/libexec/pdsup-exec}. */
    public static final String HOME_PROPERTY = "pdsup.home";

    /**
     * The protocol version this build speaks with {@code pdsup-exec} ({@code PDSUP_EXEC_PROTOCOL} in
     * pdsup-exec.c): the helper's argv always starts {@code -S <status fd> -V <version>}, and a helper of another
     * version refuses with stage "version". Version 1 is the helper from before the handshake, which rejects
     * {@code -V} as a usage error; version 3 added {@code -L} (LISTEN_PID). Bump both together whenever the argv
     * contract changes.
     */
    public static final int PROTOCOL_VERSION = 3;

    /** Resource names the helper's {@code -r} understands. */
    public static final Set<String> RLIMIT_NAMES =
            Set.of("nofile", "nproc", "core", "as", "data", "stack", "fsize", "cpu", "memlock");

    /**
     * The helper binary: system property {@value #HELPER_PROPERTY}, else {@code ${pdsup.home}/libexec/pdsup-exec}.
     *
     * @throws SpawnException (stage "helper") naming every place looked at when it is missing or not executable
     */
    public static Path locate() throws SpawnException {
        Path candidate = configured();
        if (candidate == null) {
            throw new SpawnException("exec helper pdsup-exec not found: neither system property " + HELPER_PROPERTY
                    + " nor " + HOME_PROPERTY + " is set", 0, "helper", false);
        }
        String where = explicit() != null ? "system property " + HELPER_PROPERTY
                : "${" + HOME_PROPERTY + "}/libexec/pdsup-exec";
        if (!Files.isRegularFile(candidate) || !Files.isExecutable(candidate)) {
            throw new SpawnException("exec helper pdsup-exec not found or not executable at " + candidate
                    + " (from " + where + ")", 0, "helper", false);
        }
        return candidate;
    }

    /**
     * Where the helper is configured to be ({@link #locate}'s candidate), without looking at the file system; null
     * when neither property is set.
     */
    public static Path configured() {
        String explicit = explicit();
        if (explicit != null) return Path.of(explicit);
        String home = System.getProperty(HOME_PROPERTY);
        return home != null && !home.isBlank() ? Path.of(home, "libexec", "pdsup-exec") : null;
    }

    /** System property {@value #HELPER_PROPERTY} when it is set and not blank, else null. */
    private static String explicit() {
        String explicit = System.getProperty(HELPER_PROPERTY);
        return explicit != null && !explicit.isBlank() ? explicit : null;
    }

    /** What, besides the spec, the helper is told. Negative descriptors and zero signal/pid mean "absent". */
    public record Wiring(int statusFd, int socketFd, int deathSignal, long supervisorPid) {}

    /**
     * The helper's argv for {@code spec} (argv[0] = {@code helper}), options in the helper's fixed order.
     *
     * @throws SpawnException (stage "options") for an rlimit name the helper does not know or a negative value
     */
    public static List<String> arguments(Path helper, SpawnSpec spec, Wiring wiring) throws SpawnException {
        ExecOptions o = spec.credentials();
        if (wiring.statusFd() < 0) throw new IllegalArgumentException("the exec helper needs a status descriptor");
        if (o.loginClass() != null) {
            throw new SpawnException("cannot apply login class " + (o.loginClass().isEmpty() ? "of the user"
                    : "'" + o.loginClass() + "'") + " to " + spec.executable()
                    + ": login classes (login.conf) exist only on FreeBSD", 0, "options", false);
        }
        List<String> a = new ArrayList<>();
        a.add(helper.toString());
        add(a, "-S", Integer.toString(wiring.statusFd()));
        add(a, "-V", Integer.toString(PROTOCOL_VERSION));
        if (wiring.socketFd() >= 0) add(a, "-F", Integer.toString(wiring.socketFd()));
        if (spec.daemon()) a.add("-D");
        if (o.setsid()) a.add("-s");
        if (spec.listenPid()) a.add("-L");
        for (Map.Entry<String, Long> r : new TreeMap<>(o.rlimits()).entrySet()) {
            if (!RLIMIT_NAMES.contains(r.getKey())) {
                throw new SpawnException("unknown rlimit '" + r.getKey() + "' for " + spec.executable()
                        + " (known: " + String.join(", ", new java.util.TreeSet<>(RLIMIT_NAMES)) + ")", 0,
                        "options", false);
            }
            long v = r.getValue();
            if (v < 0) {
                throw new SpawnException("negative rlimit " + r.getKey() + " = " + v + " for " + spec.executable(),
                        0, "options", false);
            }
            add(a, "-r", r.getKey() + "=" + (v == Long.MAX_VALUE ? "unlimited" : Long.toString(v)));
        }
        if (o.nice() != null) add(a, "-n", o.nice().toString());
        if (o.umask() != null) add(a, "-m", Integer.toOctalString(o.umask()));
        if (o.groups() != null) {
            StringJoiner j = new StringJoiner(",");
            for (int g : o.groups()) j.add(Integer.toUnsignedString(g));
            add(a, "-G", j.toString());
        }
        if (o.gid() != null) add(a, "-g", Integer.toUnsignedString(o.gid()));
        if (o.uid() != null) add(a, "-u", Integer.toUnsignedString(o.uid()));
        if (wiring.deathSignal() > 0) add(a, "-d", Integer.toString(wiring.deathSignal()));
        if (wiring.supervisorPid() > 0) add(a, "-p", Long.toString(wiring.supervisorPid()));
        a.add("--");
        a.add(spec.executable().toString());
        a.addAll(spec.argv());
        return a;
    }

    private static void add(List<String> a, String option, String value) {
        a.add(option);
        a.add(value);
    }

    /**
     * The message for a helper of another protocol version; {@code detail} is the helper's
     * {@code helper=<n> pdsupd=<m>} (a helper from before the handshake rejects {@code -V}: version 1).
     */
    public static String versionMismatch(String detail) {
        String helperVersion = "?";
        for (String part : detail.split(" ")) {
            if (part.startsWith("helper=")) helperVersion = part.substring("helper=".length());
        }
        return "the exec helper pdsup-exec speaks protocol version " + helperVersion + " but this pdsupd speaks"
                + " version " + PROTOCOL_VERSION + ": install the pdsup-exec built with this pdsupd (a stale"
                + " libexec/pdsup-exec left by an upgrade?)";
    }

    /** One parsed status line of the helper. */
    public record Failure(int errno, String stage, String detail) {}

    /** Parses {@code E <errno> <stage> <detail>}; null when {@code text} holds no such line. */
    public static Failure parse(String text) {
        for (String line : text.split("\n")) {
            String[] f = line.split(" ", 4);
            if (f.length >= 3 && f[0].equals("E")) {
                try {
                    return new Failure(Integer.parseInt(f[1]), f[2], f.length == 4 ? f[3] : "-");
                } catch (NumberFormatException e) {
                    return new Failure(0, f[2], line);
                }
            }
        }
        return null;
    }

    /**
     * The exception for a helper failure, naming the program and the reason, for example
     * {@code cannot execute /no/such/bin: No such file or directory (ENOENT)}.
     *
     * @param strerror  errno -> text ("No such file or directory")
     * @param errnoName errno -> symbolic name ("ENOENT")
     * @param transientErrno EAGAIN / ENOMEM of the platform
     */
    public static SpawnException exception(Failure f, Path program, IntFunction<String> strerror,
                                           IntFunction<String> errnoName, IntPredicate transientErrno) {
        String reason = f.errno() == 0 ? f.detail() : strerror.apply(f.errno()) + " (" + errnoName.apply(f.errno()) + ")";
        String message;
        String stage = f.stage();
        switch (f.stage()) {
            case "version" -> message = versionMismatch(f.detail());
            case "exec" -> message = "cannot execute " + program + ": " + reason;
            case "chdir" -> message = "cannot change directory to " + f.detail() + " for " + program + ": " + reason;
            case "rlimit" -> {
                message = "cannot set rlimit " + f.detail() + " for " + program + ": " + reason;
                stage = "rlimit " + f.detail();
            }
            case "setuid" -> message = "cannot set user id " + f.detail() + " for " + program + ": " + reason;
            case "setgid" -> message = "cannot set group id " + f.detail() + " for " + program + ": " + reason;
            case "setgroups" -> message = "cannot set supplementary groups for " + program + ": " + reason;
            case "nice" -> message = "cannot set nice for " + program + ": " + reason;
            case "setsid" -> message = "cannot start a new session for " + program + ": " + reason;
            case "pdeathsig" -> message = "cannot set the parent-death signal for " + program + ": " + reason;
            case "ppid" -> message = "the supervisor was gone before " + program + " could start (parent is now "
                    + f.detail() + ")";
            case "fork" -> message = "cannot fork to start " + program + ": " + reason;
            case "usage" -> message = f.detail().equals("-V") ? versionMismatch("helper=1 pdsupd=" + PROTOCOL_VERSION)
                    : "exec helper rejected its arguments for " + program + ": " + f.detail()
                    + (f.errno() == 0 ? "" : " (" + reason + ")");
            default -> message = "exec helper failed at " + f.stage() + " for " + program + ": " + reason;
        }
        return new SpawnException(message, f.errno(), stage, f.errno() != 0 && transientErrno.test(f.errno()));
    }
}
