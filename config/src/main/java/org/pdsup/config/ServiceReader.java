package org.pdsup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import org.pdsup.procdesc.Accounts;
import org.pdsup.procdesc.Signal;

/**
 * Reads one service (or {@code pdsupd.service-defaults} on its own) from its merged block, checks every field and
 * the rules between fields, and builds the {@link ServiceConfig}. Dependencies between services are checked by
 * {@link Dependencies}.
 */
final class ServiceReader {
    static final String COMMAND = "command";

    private final CredentialsReader credentials;
    private final SocketsReader sockets;
    private final Map<String, String> processEnvironment;
    /** Effective environments read so far, each kept once. */
    private final Map<Map<String, String>, Map<String, String>> environments = new java.util.HashMap<>();
    /**
     * Settings read so far (immutable records), each kept once: most services have the same backoff, start
     * limit, stop, readiness, health check and credentials, and 1,000 copies of each were about 0.3 MB of an idle
     * daemon's heap (docs/benchmarks.md, "W3: classes and live set").
     */
    private final Map<Object, Object> settings = new java.util.HashMap<>();
    /** Words of commands read so far, each kept once (a program and its flags recur from service to service). */
    private final Map<String, String> words = new java.util.HashMap<>();
    private final Path baseDir;

    /**
     * @param processEnvironment the supervisor's environment, the base of a service's environment
     * @param baseDir            relative {@code environment-file} paths resolve against it
     */
    ServiceReader(Accounts accounts, Map<String, String> processEnvironment, Path baseDir, boolean loginClasses) {
        this.credentials = new CredentialsReader(accounts, loginClasses);
        this.sockets = new SocketsReader(accounts);
        this.processEnvironment = new TreeMap<>(processEnvironment);
        this.baseDir = baseDir;
    }

    /** Checks {@code pdsupd.service-defaults} field by field (no command, no rules between fields). */
    void checkDefaults(Scope s, Scope output) {
        readFields(s, output);
    }

    /** The service, or null when it has errors (all recorded). */
    ServiceConfig read(String name, Scope s, Scope output) {
        return read(name, s, output, ValueOrigins.NONE);
    }

    /** As {@link #read(String, Scope, Scope)}, recording where each value was written. */
    ServiceConfig read(String name, Scope s, Scope output, ValueOrigins origins) {
        List<String> command = command(s);
        Fields f = readFields(s, output);
        f.sockets = sockets.read(s, name);
        checkRules(s, f);
        if (f.health != null && !HealthReader.check(s, f.health)) f.health = null;
        SocketsReader.checkRules(s, f.sockets, f.inheritFds,
                f.readyMode == ReadyMode.NOTIFY_FD ? f.readyFd : null, f.persist);
        if (command == null || !f.complete() || f.sockets == null) return null;
        Origin origin = new Origin(s.problems().names().display(s.blockOrigin()), s.blockOrigin().lineNumber());
        return new ServiceConfig(name, command, f.directory, f.environment, f.environmentFile, f.clearEnvironment,
                f.type, f.pidfile, f.restart, f.successExitCodes,
                shared(new Backoff(f.initial, f.max, f.multiplier, f.jitter, f.resetAfter)),
                shared(new StartLimit(f.burst, f.interval, f.coolDown)),
                shared(new StopSettings(f.stopSignal, f.stopTimeout, f.stopMode)),
                f.reloadSignal, shared(new Readiness(f.readyMode, f.readyDelay, f.readyFd, f.readyHost,
                        f.readyPort == null ? 0 : f.readyPort, f.readyTimeout, f.readyCommand)), shared(f.health),
                f.requires, f.after, f.autostart, f.persist, shared(f.credentials), shared(f.output), f.inheritFds,
                f.sockets, origin, origins);
    }

    /** The first setting read that equals {@code value} (records: equal by their components). */
    @SuppressWarnings("unchecked")
    private <T extends Record> T shared(T value) {
        return value == null ? null : (T) settings.computeIfAbsent(value, v -> v);
    }

    /** Every field of a service but its command; null members mark fields with errors. */
    private static final class Fields {
        Path directory;
        boolean directoryOk = true;
        Map<String, String> environment;
        Path environmentFile;
        boolean environmentFileOk = true;
        Boolean clearEnvironment;
        ServiceType type;
        Path pidfile;
        boolean pidfileOk = true;
        RestartPolicy restart;
        LinkedHashSet<Integer> successExitCodes;
        Duration initial, max, resetAfter;
        Double multiplier, jitter;
        Integer burst;
        Duration interval;
        Duration coolDown;
        boolean coolDownOk = true;
        List<ListenSocket> sockets;
        Signal stopSignal;
        Duration stopTimeout;
        StopMode stopMode;
        Signal reloadSignal;
        ReadyMode readyMode;
        Duration readyDelay, readyTimeout;
        Integer readyFd;
        String readyHost;
        Integer readyPort;
        boolean readyPortOk = true;
        List<String> readyCommand;
        Health health;
        List<String> requires;
        List<String> after;
        Boolean autostart, persist;
        Credentials credentials;
        OutputConfig output;
        List<Integer> inheritFds;

        boolean complete() {
            return directoryOk && environment != null && environmentFileOk && clearEnvironment != null && type != null
                    && pidfileOk && restart != null && successExitCodes != null && initial != null && max != null
                    && resetAfter != null && multiplier != null && jitter != null && burst != null && interval != null && coolDownOk
                    && stopSignal != null && stopTimeout != null && stopMode != null && reloadSignal != null
                    && readyMode != null && readyDelay != null && readyTimeout != null && readyFd != null
                    && readyHost != null && readyPortOk && requires != null && after != null && autostart != null
                    && persist != null
                    && credentials != null && output != null && inheritFds != null && health != null
                    && readyCommand != null;
        }
    }

    private List<String> command(Scope s) {
        ConfigValue v = s.value(COMMAND);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            s.problems().add(s.blockOrigin(), s.ownPath(COMMAND),
                    "missing (every service needs a command, e.g. command = [\"/usr/local/bin/app\", \"--flag\"])");
            return null;
        }
        List<String> command = s.stringList(COMMAND);
        if (command == null) return null;
        if (command.isEmpty()) {
            s.error(COMMAND, "must not be empty (the first element is the program to run)");
            return null;
        }
        String program = command.get(0);
        Path p = Path.of(program);
        if (!p.isAbsolute()) {
            s.error(COMMAND, "the program \"" + program + "\" is not an absolute path");
            return null;
        }
        String why = FileChecks.notExecutableFile(p);
        if (why != null) {
            s.error(COMMAND, why);
            return null;
        }
        String[] shared = new String[command.size()];
        for (int i = 0; i < shared.length; i++) shared[i] = words.computeIfAbsent(command.get(i), w -> w);
        return List.of(shared);
    }

    private Fields readFields(Scope s, Scope output) {
        Fields f = new Fields();
        f.directory = s.absolutePath("directory", true);
        if (f.directory != null) {
            String why = FileChecks.notReadableDirectory(f.directory);
            if (why != null) {
                s.error("directory", why);
                f.directoryOk = false;
            }
        } else {
            f.directoryOk = isNull(s, "directory");
        }
        f.clearEnvironment = s.bool("clear-environment");
        Map<String, String> fromFile = environmentFile(s, f);
        Map<String, String> inline = inlineEnvironment(s);
        if (f.clearEnvironment != null && inline != null && f.environmentFileOk) {
            Map<String, String> env = new LinkedHashMap<>(f.clearEnvironment ? Map.of() : processEnvironment);
            if (fromFile != null) env.putAll(fromFile);
            inline.forEach((k, v) -> {
                if (v == null) {
                    env.remove(k);
                } else {
                    env.put(k, v);
                }
            });
            // services that inherit the same environment share one copy (1,000 copies of ~40 variables
            // were 1.7 MB of the daemon's heap)
            f.environment = environments.computeIfAbsent(env, Copies::orderedMap);
        }
        f.type = s.enumValue("type", ServiceType.class);
        f.pidfile = s.absolutePath("pidfile", true);
        f.pidfileOk = f.pidfile != null || isNull(s, "pidfile");
        f.restart = s.enumValue("restart", RestartPolicy.class);
        List<Integer> codes = s.intList("success-exit-codes", 0, 255);
        if (codes != null) {
            f.successExitCodes = new LinkedHashSet<>();
            f.successExitCodes.addAll(codes);
        }
        if (s.requiredObject("backoff") != null) {
            f.initial = s.duration("backoff.initial", true);
            f.max = s.duration("backoff.max", false);
            f.multiplier = s.number("backoff.multiplier", 1.0, 1000.0, "must be between 1.0 and 1000.0");
            f.jitter = s.number("backoff.jitter", 0.0, 1.0, "must be between 0.0 and 1.0");
            f.resetAfter = s.duration("backoff.reset-after", false);
        }
        if (s.requiredObject("start-limit") != null) {
            f.burst = s.intValue("start-limit.burst", 1, 1_000_000);
            f.interval = s.duration("start-limit.interval", false);
            if (!isNull(s, "start-limit.cool-down")) {
                f.coolDown = s.duration("start-limit.cool-down", false);
                f.coolDownOk = f.coolDown != null;
            }
        }
        if (s.requiredObject("stop") != null) {
            f.stopSignal = s.signal("stop.signal");
            f.stopTimeout = s.duration("stop.timeout", false);
            f.stopMode = s.enumValue("stop.mode", StopMode.class);
        }
        f.reloadSignal = s.signal("reload-signal");
        if (s.requiredObject("ready") != null) {
            f.readyMode = s.enumValue("ready.mode", ReadyMode.class);
            f.readyDelay = s.duration("ready.delay", true);
            f.readyFd = s.intValue("ready.fd", 0, 65535);
            f.readyHost = s.nonEmptyString("ready.host", false);
            f.readyPort = s.optionalInt("ready.port", 1, 65535);
            f.readyPortOk = f.readyPort != null || isNull(s, "ready.port");
            f.readyTimeout = s.duration("ready.timeout", false);
            f.readyCommand = s.stringList("ready.command");
        }
        f.health = HealthReader.read(s);
        f.requires = serviceNames(s, "requires");
        f.after = serviceNames(s, "after");
        f.autostart = s.bool("autostart");
        f.persist = s.bool("persist");
        f.credentials = credentials.read(s);
        f.inheritFds = inheritFds(s);
        f.output = OutputReader.read(output);
        return f;
    }

    private static boolean isNull(Scope s, String key) {
        ConfigValue v = s.value(key);
        return v == null || v.valueType() == ConfigValueType.NULL;
    }

    private Map<String, String> environmentFile(Scope s, Fields f) {
        String text = s.nonEmptyString("environment-file", true);
        if (text == null) {
            f.environmentFileOk = isNull(s, "environment-file");
            return null;
        }
        Path file = baseDir.resolve(text).normalize();
        String why = FileChecks.notReadableFile(file);
        if (why != null) {
            s.error("environment-file", "cannot read environment file: " + why);
            f.environmentFileOk = false;
            return null;
        }
        f.environmentFile = file;
        Map<String, String> vars = EnvironmentFile.parse(file, s.problems());
        f.environmentFileOk = vars != null;
        return vars;
    }

    /** {@code environment { }}: name -> value, null values meaning "unset"; null after recorded errors. */
    private static Map<String, String> inlineEnvironment(Scope s) {
        ConfigObject env = s.object("environment");
        if (env == null) return isNull(s, "environment") ? Map.of() : null;
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (String name : new TreeSet<>(env.keySet())) {
            ConfigValue v = env.get(name);
            String key = ConfigUtil.joinPath("environment", name);
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                s.error(key, "invalid variable name \"" + name + "\" (must be non-empty, without '=')");
                ok = false;
                continue;
            }
            switch (v.valueType()) {
                case STRING, NUMBER, BOOLEAN -> out.put(name, String.valueOf(v.unwrapped()));
                case NULL -> out.put(name, null);
                case OBJECT -> {
                    s.error(key, "expected a string, got an object (quote a name that contains a dot: \""
                            + name + ".…\" = value)");
                    ok = false;
                }
                default -> {
                    s.error(key, "expected a string, got " + Scope.describe(v));
                    ok = false;
                }
            }
        }
        return ok ? out : null;
    }

    /** {@code requires} or {@code after}: service names, each once (that they exist is {@link Dependencies}'). */
    private static List<String> serviceNames(Scope s, String key) {
        List<String> names = s.stringList(key);
        if (names == null) return null;
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (out.contains(n)) {
                s.error(key, "\"" + n + "\" is listed twice");
                return null;
            }
            out.add(n);
        }
        return out;
    }

    private static List<Integer> inheritFds(Scope s) {
        List<Integer> fds = s.intList("inherit-fds", 3, 65535);
        if (fds == null) return null;
        if (new LinkedHashSet<>(fds).size() != fds.size()) {
            s.error("inherit-fds", "lists a descriptor twice");
            return null;
        }
        return fds;
    }

    /** The rfork(2) EINVAL idea: settings that cannot both hold are refused. */
    private static void checkRules(Scope s, Fields f) {
        if (f.type == ServiceType.FORKING && f.pidfileOk && f.pidfile == null) {
            s.conflict("type", "type = forking needs a pidfile (the daemon's PID is read from it)", "type");
        }
        if (f.pidfile != null && f.type != null && f.type != ServiceType.FORKING) {
            s.conflict("pidfile", "pidfile is only used with type = forking (type is " + Scope.kebab(f.type) + ")",
                    "pidfile", "type");
        }
        if (Boolean.TRUE.equals(f.persist) && f.type == ServiceType.ONESHOT) {
            s.conflict("persist", "persist = true cannot apply to type = oneshot (a oneshot runs to completion"
                    + " and is not kept running)", "persist", "type");
        }
        if (Boolean.TRUE.equals(f.persist) && f.type == ServiceType.FORKING) {
            s.conflict("persist", "persist = true cannot apply to type = forking (its daemon is found through the"
                    + " pidfile and is never the process pdsupd holds a descriptor for)", "persist", "type");
        }
        if (f.readyMode == ReadyMode.TCP && f.readyPortOk && f.readyPort == null) {
            s.conflict("ready.mode", "ready.mode = tcp needs ready.port", "ready.mode", "ready");
        }
        if (f.readyMode == ReadyMode.EXEC && f.readyCommand != null) {
            String why = f.readyCommand.isEmpty() ? "ready.mode = exec needs ready.command (e.g. command ="
                    + " [\"/usr/local/bin/is-ready\"])"
                    : !Path.of(f.readyCommand.get(0)).isAbsolute()
                    ? "the program \"" + f.readyCommand.get(0) + "\" is not an absolute path"
                    : FileChecks.notExecutableFile(Path.of(f.readyCommand.get(0)));
            if (why != null) s.conflict("ready.command", why, "ready.command", "ready.mode", "ready");
        }
        if (f.readyMode == ReadyMode.NOTIFY_FD && f.readyFd != null) {
            if (f.readyFd < 3) {
                s.conflict("ready.fd", "ready.mode = notify-fd needs a descriptor of 3 or more (0, 1 and 2 are"
                        + " stdin, stdout and stderr), got " + f.readyFd, "ready.fd", "ready.mode");
            } else if (f.inheritFds != null && f.inheritFds.contains(f.readyFd)) {
                s.conflict("ready.fd", "descriptor " + f.readyFd + " is also in inherit-fds (the readiness"
                        + " descriptor must be a descriptor of its own)", "ready.fd", "inherit-fds", "ready.mode");
            }
        }
        if (f.stopMode == StopMode.GROUP && f.credentials != null && !f.credentials.setsid()) {
            s.conflict("setsid", "stop.mode = group needs setsid = true (the service must lead its own process"
                    + " group)", "setsid", "stop.mode");
        }
        if (f.initial != null && f.max != null && f.initial.compareTo(f.max) > 0) {
            s.conflict("backoff.initial", "initial (" + Sizes.format(f.initial) + ") is longer than max ("
                    + Sizes.format(f.max) + ")", "backoff.initial", "backoff.max");
        }
    }
}
