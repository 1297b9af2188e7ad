package org.pdsup.procdesc.stats;

import java.util.List;

import org.pdsup.procdesc.ProcessDescriptors;

/**
 * Who listens on a TCP port: the sockets in the LISTEN state on a port, and the processes that hold them, read
 * from the system on demand (a scan of every process's descriptors: call it when something is already known to be
 * wrong, not on a timer). Linux reads {@code /proc/net/tcp}, {@code /proc/net/tcp6} and {@code /proc/PID/fd}.
 * FreeBSD has no backend yet: {@link #supported()} is false and nothing is found (docs/procdesc-freebsd.md, "Who
 * listens on a port", describes the kernel's socket list a backend would read).
 */
public interface ListeningSockets {

    /** The backend for this system. */
    static ListeningSockets system() {
        return ProcessDescriptors.osName().startsWith("linux") ? LinuxListeningSockets.system() : Unsupported.INSTANCE;
    }

    /** False where listeners cannot be looked up (then callers say the listener is unknown). */
    boolean supported();

    /** The listening TCP sockets (IPv4 and IPv6) on {@code port}, on any local address; empty when none is seen. */
    List<TcpListener> tcpListeners(int port);

    /** A system without the lookup. */
    final class Unsupported implements ListeningSockets {
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {}

        @Override public boolean supported() { return false; }
        @Override public List<TcpListener> tcpListeners(int port) { return List.of(); }
    }
}
