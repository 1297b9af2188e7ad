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
 * {@code pdsup-exec -S statusfd -V version [-F sockfd] [-D] [-s] [-L] [-c class] [-r name=value]... [-n nice]
 * [-m umask-octal] [-G gid,...] [-g gid] [-u uid] -- /path/to/program argv0 args...}.
 *
 * <p>Supplementary groups go to setgroups(2) with the primary group first ({@link #setgroupsList}): before
 * FreeBSD 15.0 setgroups stores {@code gidset[0]} as the effective gid (the helper's setgid then replaces it, so
 * a first supplementary group would be lost); from 15.0 on the whole list is supplementary and the primary gid
 * in it is what initgroups(3) does anyway. Right under both.
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
        return build(helper, statusFd, sockFd, daemon, options, false, executable, argv);
    }

    /** As above; {@code listenPid}: {@code -L}, the helper sets LISTEN_PID to the service's own PID before exec. */
    public static List<String> build(Path helper, int statusFd, int sockFd, boolean daemon, ExecOptions options,
                                     boolean listenPid, Path executable, List<String> argv) {
        if (!executable.isAbsolute()) throw new IllegalArgumentException("executable is not absolute: " + executable);
        if (argv.isEmpty()) throw new IllegalArgumentException("argv must contain at least argv[0]");
        if (daemon && sockFd < 0) throw new IllegalArgumentException("-D is meaningful only with -F (fork-and-pass)");
        if (statusFd < 0) throw new IllegalArgumentException("the exec helper needs a status descriptor");
        List<String> out = new ArrayList<>();
        out.add(helper.toString());
        out.add("-S");
        out.add(Integer.toString(statusFd));
        out.add("-V");
        out.add(Integer.toString(org.pdsup.procdesc.ExecHelper.PROTOCOL_VERSION));
        if (sockFd >= 0) {
            out.add("-F");
            out.add(Integer.toString(sockFd));
        }
        if (daemon) out.add("-D");
        if (options.setsid()) out.add("-s");
        if (listenPid) out.add("-L");
        if (options.loginClass() != null) {
            out.add("-c");
            out.add(options.loginClass());
        }
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
            out.add(setgroupsList(options.gid(), options.groups()).stream().map(Integer::toUnsignedString)
                    .collect(Collectors.joining(",")));
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
        return options.setsid() || options.loginClass() != null || !options.rlimits().isEmpty() || options.nice() != null || options.umask() != null
                || options.groups() != null || options.gid() != null || options.uid() != null;
    }

    /**
     * The list for setgroups(2): the primary gid, then the supplementary groups without it, in order. An empty
     * list stays empty (clears the groups). Supplementary groups without a primary gid are refused: the first
     * would silently become the effective gid before FreeBSD 15.0.
     */
    public static List<Integer> setgroupsList(Integer primaryGid, List<Integer> groups) {
        if (groups.isEmpty()) return List.of();
        if (primaryGid == null) {
            throw new IllegalArgumentException("supplementary groups " + groups + " without a group id: before"
                    + " FreeBSD 15.0 setgroups(2) would make the first of them the effective group");
        }
        List<Integer> out = new ArrayList<>();
        out.add(primaryGid);
        for (Integer g : groups) {
            if (!out.contains(g)) out.add(g);
        }
        return out;
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
