package org.pdsup.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The fields of a service that define its process. Two configurations with equal process definitions can be
 * swapped under a running process; any difference means the process must be restarted on reload.
 *
 * @param readyFd the descriptor the service writes its readiness to ({@link ReadyMode#NOTIFY_FD}), else null
 * @param sockets the listening sockets passed to it: a change closes the held ones and restarts the process
 */
public record ProcessDefinition(List<String> command, Path directory, Map<String, String> environment,
                                ServiceType type, Path pidfile, boolean persist, Credentials credentials,
                                OutputConfig output, List<Integer> inheritFds, Integer readyFd,
                                List<ListenSocket> sockets) {

    public ProcessDefinition {
        command = Copies.list(command);
        environment = Copies.orderedMap(environment);
        inheritFds = Copies.list(inheritFds);
        sockets = sockets == null ? List.of() : List.copyOf(sockets);
    }
}
