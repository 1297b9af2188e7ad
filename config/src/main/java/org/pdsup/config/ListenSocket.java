package org.pdsup.config;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * One entry of {@code services.NAME.sockets}: a listening socket pdsupd opens itself, holds across the service's
 * restarts and passes to it as a descriptor from 3 on (sd_listen_fds(3): LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES).
 *
 * @param listen  as written: {@code tcp:127.0.0.1:8080}, {@code tcp:[::1]:8080}, {@code unix:/var/run/web.sock}
 * @param name    its name in LISTEN_FDNAMES (default: the service's name)
 * @param address the TCP address (a literal, never resolved), null for a Unix socket
 * @param port    the TCP port, 0 for a Unix socket
 * @param path    the Unix socket's path, null for TCP
 * @param mode    the Unix socket file's mode (default 0666, as systemd's SocketMode), null for TCP
 * @param uid     the Unix socket file's owner, or null to leave it root's
 * @param gid     the Unix socket file's group, or null to leave it
 * @param backlog listen(2)'s backlog (the kernel caps it at its own maximum)
 */
public record ListenSocket(String listen, String name, InetAddress address, int port, Path path, Integer mode,
                           Integer uid, Integer gid, int backlog) {

    /** Default mode of a Unix socket file. */
    public static final int DEFAULT_MODE = 0666;
    /** Default listen(2) backlog: Linux's SOMAXCONN (include/linux/socket.h); FreeBSD caps it at kern.ipc.soacceptqueue. */
    public static final int DEFAULT_BACKLOG = 4096;

    public boolean isUnix() {
        return path != null;
    }
}
