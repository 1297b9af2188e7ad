package org.pdsup.procdesc.freebsd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.pdsup.procdesc.ExecOptions;

/**
 * The argv of the exec helper {@code pdsup-exec} (contract in {@code procdesc/src/main/c/pdsup-exec.c}):
 * {@code pdsup-exec [-S statusfd] [-F sockfd] [-D] [-s] [-r name=value]... [-n nice] [-m umask-octal]
 * [-G gid,...] [-g gid] [-u uid] -- /path/to/program argv0 args...}.
 *
 * <p>The FreeBSD backend never passes {@code -d} (parent-death signal): on FreeBSD the kernel kills a
 * non-daemon service when its descriptor is closed, and in fork-and-pass mode a parent-death signal would be
 * sent when the helper itself exits.
 */
public final class ExecHelperArgs {
    private ExecHelperArgs() {}

    /** The rlimit names the helper knows. */
    public static final Set<String> RLIMIT_NAMES =
            Set.of("nofile", "nproc", "core", "as", "data", "stack", "fsize", "cpu", "memlock");

    /**
     * @param statusFd child descriptor of the status pipe's write end, or -1 for none
     * @param sockFd   child descriptor of the socket for fork-and-pass mode, or -1 for exec-in-place
     * @param daemon   {@code -D}: the forked child gets PD_DAEMON (fork-and-pass mode only)
     */
    public static List<String> build(Path helper, int statusFd, int sockFd, boolean daemon, ExecOptions options,
                                     Path executable, List<String> argv) {
        if (!executable.isAbsolute()) throw new IllegalArgumentException("executable is not absolute: " + executable);
        if (argv.isEmpty()) throw new IllegalArgumentException("argv must contain at least argv[0]");
        if (daemon && sockFd < 0) throw new IllegalArgumentException("-D is meaningful only with -F (fork-and-pass)");
        List<String> out = new ArrayList<>();
        out.add(helper.toString());
        if (statusFd >= 0) {
            out.add("-S");
            out.add(Integer.toString(statusFd));
        }
        if (sockFd >= 0) {
            out.add("-F");
            out.add(Integer.toString(sockFd));
        }
        if (daemon) out.add("-D");
        if (options.setsid()) out.add("-s");
        for (Map.Entry<String, Long> e : new TreeMap<>(options.rlimits()).entrySet()) {
            out.add("-r");
            out.add(rlimit(e.getKey(), e.getValue()));
        }
        if (options.nice() != null) {
            out.add("-n");
            out.add(Integer.toString(options.nice()));
        }
        if (options.umask() != null) {
            int u = options.umask();
            if (u < 0 || u > 0777) throw new IllegalArgumentException("umask out of range 0..0777: " + Integer.toOctalString(u));
            out.add("-m");
            out.add(Integer.toOctalString(u));
        }
        if (options.groups() != null) {
            out.add("-G");
            out.add(options.groups().stream().map(g -> Integer.toUnsignedString(g)).collect(Collectors.joining(",")));
        }
        if (options.gid() != null) {
            out.add("-g");
            out.add(Integer.toUnsignedString(options.gid()));
        }
        if (options.uid() != null) {
            out.add("-u");
            out.add(Integer.toUnsignedString(options.uid()));
        }
        out.add("--");
        out.add(executable.toString());
        out.addAll(argv);
        return out;
    }

    /** True when {@code options} asks for anything only the helper can do. */
    public static boolean needsHelper(ExecOptions options) {
        return options.setsid() || !options.rlimits().isEmpty() || options.nice() != null || options.umask() != null
                || options.groups() != null || options.gid() != null || options.uid() != null;
    }

    private static String rlimit(String name, Long value) {
        if (!RLIMIT_NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown resource limit '" + name + "': expected one of "
                    + new java.util.TreeSet<>(RLIMIT_NAMES));
        }
        if (value == null || value < 0) throw new IllegalArgumentException("resource limit " + name + " must be >= 0: " + value);
        return name + "=" + (value == Long.MAX_VALUE ? "unlimited" : Long.toString(value));
    }
}
