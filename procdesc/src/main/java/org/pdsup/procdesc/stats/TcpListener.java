package org.pdsup.procdesc.stats;

import java.util.List;

/**
 * A TCP socket in the LISTEN state and a process that holds it (a listening socket can be shared, e.g. after
 * fork: the lookup stops at the first holder it finds): {@code address} is its local address as text ("0.0.0.0",
 * "::", "127.0.0.1"); {@code owners} is empty when no holder can be told (another user's process when we are not
 * root, or a system without the lookup).
 */
public record TcpListener(String address, int port, List<Owner> owners) {

    /** A process holding the socket: its PID and program name ({@code comm}). */
    public record Owner(int pid, String program) {
        @Override
        public String toString() {
            return "pid " + pid + " (" + program + ")";
        }
    }

    public TcpListener {
        owners = List.copyOf(owners);
    }

    /** "pid 4242 (python3) on 0.0.0.0:8080", or "unknown process on 0.0.0.0:8080". */
    public String describe() {
        String where = (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
        if (owners.isEmpty()) return "unknown process on " + where;
        StringBuilder b = new StringBuilder();
        for (Owner o : owners) {
            if (b.length() > 0) b.append(", ");
            b.append(o);
        }
        return b + " on " + where;
    }
}
