package org.pdsup.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pdsup.procdesc.Signal;

/**
 * One service, {@code services.NAME} merged over {@code pdsupd.service-defaults} and the built-in defaults.
 * {@code environment} is the effective environment the process gets (see {@code docs/configuration.md}).
 * {@code origin} is where the service's block starts; {@code origins} where each of its values was written.
 */
public record ServiceConfig(String name, List<String> command, Path directory, Map<String, String> environment,
                            Path environmentFile, boolean clearEnvironment, ServiceType type, Path pidfile,
                            RestartPolicy restart, Set<Integer> successExitCodes, Backoff backoff,
                            StartLimit startLimit, StopSettings stop, Signal reloadSignal, Readiness ready,
                            Health health, List<String> requires, List<String> after, boolean autostart, boolean persist,
                            Credentials credentials, OutputConfig output, List<Integer> inheritFds,
                            List<ListenSocket> sockets, Origin origin, ValueOrigins origins) {

    public ServiceConfig {
        command = Copies.list(command);
        environment = Copies.orderedMap(environment);
        successExitCodes = Copies.orderedSet(successExitCodes);
        requires = Copies.list(requires);
        after = Copies.list(after);
        inheritFds = Copies.list(inheritFds);
        sockets = sockets == null ? List.of() : List.copyOf(sockets);
        if (health == null) health = Health.NONE;
        if (origins == null) origins = ValueOrigins.NONE;
    }

    /** Without the file and line of each value ({@link ValueOrigins#NONE}). */
    public ServiceConfig(String name, List<String> command, Path directory, Map<String, String> environment,
                         Path environmentFile, boolean clearEnvironment, ServiceType type, Path pidfile,
                         RestartPolicy restart, Set<Integer> successExitCodes, Backoff backoff,
                         StartLimit startLimit, StopSettings stop, Signal reloadSignal, Readiness ready,
                         Health health, List<String> requires, List<String> after, boolean autostart, boolean persist, Credentials credentials,
                         OutputConfig output, List<Integer> inheritFds, List<ListenSocket> sockets, Origin origin) {
        this(name, command, directory, environment, environmentFile, clearEnvironment, type, pidfile, restart,
                successExitCodes, backoff, startLimit, stop, reloadSignal, ready, health, requires, after, autostart,
                persist, credentials, output, inheritFds, sockets, origin, ValueOrigins.NONE);
    }

    /** Without a liveness check, {@code after} and the file and line of each value. */
    public ServiceConfig(String name, List<String> command, Path directory, Map<String, String> environment,
                         Path environmentFile, boolean clearEnvironment, ServiceType type, Path pidfile,
                         RestartPolicy restart, Set<Integer> successExitCodes, Backoff backoff,
                         StartLimit startLimit, StopSettings stop, Signal reloadSignal, Readiness ready,
                         List<String> requires, boolean autostart, boolean persist, Credentials credentials,
                         OutputConfig output, List<Integer> inheritFds, List<ListenSocket> sockets, Origin origin) {
        this(name, command, directory, environment, environmentFile, clearEnvironment, type, pidfile, restart,
                successExitCodes, backoff, startLimit, stop, reloadSignal, ready, Health.NONE, requires, List.of(), autostart,
                persist, credentials, output, inheritFds, sockets, origin, ValueOrigins.NONE);
    }

    /** Without a liveness check and the file and line of each value. */
    public ServiceConfig(String name, List<String> command, Path directory, Map<String, String> environment,
                         Path environmentFile, boolean clearEnvironment, ServiceType type, Path pidfile,
                         RestartPolicy restart, Set<Integer> successExitCodes, Backoff backoff,
                         StartLimit startLimit, StopSettings stop, Signal reloadSignal, Readiness ready,
                         List<String> requires, List<String> after, boolean autostart, boolean persist, Credentials credentials,
                         OutputConfig output, List<Integer> inheritFds, List<ListenSocket> sockets, Origin origin) {
        this(name, command, directory, environment, environmentFile, clearEnvironment, type, pidfile, restart,
                successExitCodes, backoff, startLimit, stop, reloadSignal, ready, Health.NONE, requires, after, autostart,
                persist, credentials, output, inheritFds, sockets, origin, ValueOrigins.NONE);
    }

    /** Without {@code after} and the file and line of each value. */
    public ServiceConfig(String name, List<String> command, Path directory, Map<String, String> environment,
                         Path environmentFile, boolean clearEnvironment, ServiceType type, Path pidfile,
                         RestartPolicy restart, Set<Integer> successExitCodes, Backoff backoff,
                         StartLimit startLimit, StopSettings stop, Signal reloadSignal, Readiness ready,
                         Health health, List<String> requires, boolean autostart, boolean persist, Credentials credentials,
                         OutputConfig output, List<Integer> inheritFds, List<ListenSocket> sockets, Origin origin) {
        this(name, command, directory, environment, environmentFile, clearEnvironment, type, pidfile, restart,
                successExitCodes, backoff, startLimit, stop, reloadSignal, ready, health, requires, List.of(), autostart,
                persist, credentials, output, inheritFds, sockets, origin, ValueOrigins.NONE);
    }

    /** Without a liveness check and {@code after}. */
    public ServiceConfig(String name, List<String> command, Path directory, Map<String, String> environment,
                         Path environmentFile, boolean clearEnvironment, ServiceType type, Path pidfile,
                         RestartPolicy restart, Set<Integer> successExitCodes, Backoff backoff,
                         StartLimit startLimit, StopSettings stop, Signal reloadSignal, Readiness ready,
                         List<String> requires, boolean autostart, boolean persist, Credentials credentials,
                         OutputConfig output, List<Integer> inheritFds, List<ListenSocket> sockets, Origin origin, ValueOrigins origins) {
        this(name, command, directory, environment, environmentFile, clearEnvironment, type, pidfile, restart,
                successExitCodes, backoff, startLimit, stop, reloadSignal, ready, Health.NONE, requires, List.of(), autostart,
                persist, credentials, output, inheritFds, sockets, origin, origins);
    }

    /** Fields that define the process: a change means the running process must be restarted on reload. */
    public ProcessDefinition processDefinition() {
        Integer readyFd = ready != null && ready.mode() == ReadyMode.NOTIFY_FD ? ready.fd() : null;
        return new ProcessDefinition(command, directory, environment, type, pidfile, persist, credentials, output,
                inheritFds, readyFd, sockets);
    }

    /**
     * True when {@code other} is the same service running the same process (the same
     * {@link #processDefinition()}); it may differ in policy (restart, backoff, start-limit, stop, reload-signal,
     * readiness other than its descriptor, health, requires, after, autostart, success-exit-codes, the environment file's path
     * and where it was defined), whose new settings can be taken in place without a restart.
     */
    public boolean sameProcessAs(ServiceConfig other) {
        return other != null && name.equals(other.name) && processDefinition().equals(other.processDefinition());
    }
}
