package org.pdsup.procdesc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything needed to start one process. Immutable; build with {@link #builder(Path, List)}.
 *
 * <p>The child's descriptor table is clean (rfork {@code RFCFDG}): 0, 1, 2 and exactly the descriptors
 * named in {@link #passFds()}, nothing else of the supervisor. Signal dispositions are reset to default and
 * the signal mask is empty (rfork {@code RFSPAWN}).
 *
 * @param executable absolute path of the program to execute
 * @param argv       argv, argv[0] included
 * @param environment the complete environment of the child (nothing is inherited implicitly)
 * @param directory  working directory, or null for the supervisor's
 * @param passFds    child descriptor number -> parent descriptor to dup2 there (numbers >= 3)
 * @param daemon     {@code PD_DAEMON}: the process survives {@link ProcessDescriptor#close()} and the
 *                   supervisor's exit
 * @param credentials user, groups, limits, umask, nice, session: applied by the exec helper before exec
 * @param listenPid  set {@code LISTEN_PID} in the child's environment to the child's own PID, just before exec
 *                   (the exec helper does it: only the child knows its PID before exec; the sd_listen_fds(3)
 *                   convention for passed listening sockets). Forces the spawn through the exec helper.
 */
public record SpawnSpec(Path executable, List<String> argv, Map<String, String> environment, Path directory,
                        Redirect stdin, Redirect stdout, Redirect stderr, SortedMap<Integer, Integer> passFds,
                        boolean daemon, ExecOptions credentials, boolean listenPid) {

    /** Without {@code LISTEN_PID}. */
    public SpawnSpec(Path executable, List<String> argv, Map<String, String> environment, Path directory,
                     Redirect stdin, Redirect stdout, Redirect stderr, SortedMap<Integer, Integer> passFds,
                     boolean daemon, ExecOptions credentials) {
        this(executable, argv, environment, directory, stdin, stdout, stderr, passFds, daemon, credentials, false);
    }

    public SpawnSpec {
        Objects.requireNonNull(executable, "executable");
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        passFds = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(passFds));
        if (credentials == null) credentials = ExecOptions.NONE;
        if (argv.isEmpty()) throw new IllegalArgumentException("argv must contain at least argv[0]");
        for (int childFd : passFds.keySet()) {
            if (childFd < 3) throw new IllegalArgumentException("passed descriptors start at 3, not " + childFd);
        }
    }

    /** The highest descriptor number the child will have open. */
    public int highestChildFd() {
        return passFds.isEmpty() ? 2 : passFds.lastKey();
    }

    public static Builder builder(Path executable, List<String> argv) {
        return new Builder(executable, argv);
    }

    /** A spec for {@code argv}, whose argv[0] is an absolute path. */
    public static Builder builder(List<String> argv) {
        return new Builder(Path.of(argv.get(0)), argv);
    }

    public static final class Builder {
        private final Path executable;
        private final List<String> argv;
        /**
         * As given to {@link #environment(Map)}, read at {@link #build()}: an unmodifiable map of Map.copyOf
         * reaches the spec uncopied (a service's, the same for each restart).
         */
        private Map<String, String> environment = Map.of();
        private final Map<String, String> added = new LinkedHashMap<>(); // env(k, v) since
        private Path directory;
        private Redirect stdin = Redirect.devNull();
        private Redirect stdout = Redirect.inherit();
        private Redirect stderr = Redirect.inherit();
        private final SortedMap<Integer, Integer> passFds = new TreeMap<>();
        private boolean daemon;
        private ExecOptions credentials = ExecOptions.NONE;
        private boolean listenPid;

        private Builder(Path executable, List<String> argv) {
            this.executable = executable;
            this.argv = new ArrayList<>(argv);
        }

        public Builder environment(Map<String, String> env) { environment = env; added.clear(); return this; }
        public Builder env(String key, String value) { added.put(key, value); return this; }
        public Builder directory(Path dir) { this.directory = dir; return this; }
        public Builder stdin(Redirect r) { this.stdin = r; return this; }
        public Builder stdout(Redirect r) { this.stdout = r; return this; }
        public Builder stderr(Redirect r) { this.stderr = r; return this; }
        public Builder passFd(int childFd, int parentFd) { passFds.put(childFd, parentFd); return this; }
        public Builder daemon(boolean d) { this.daemon = d; return this; }
        public Builder credentials(ExecOptions c) { this.credentials = c; return this; }
        public Builder listenPid(boolean l) { this.listenPid = l; return this; }

        public SpawnSpec build() {
            Map<String, String> env = environment;
            if (!added.isEmpty()) {
                env = new LinkedHashMap<>(environment);
                env.putAll(added);
            }
            return new SpawnSpec(executable, argv, env, directory, stdin, stdout, stderr, passFds,
                    daemon, credentials, listenPid);
        }
    }
}
