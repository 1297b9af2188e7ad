package org.pdsup.daemon.supervisor;

import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.Signal;

/**
 * The key an exit is counted under in a service's exit counters: "exit:3", "signal:KILL", "unknown:unknown", with
 * the prefix "stopped:" when pdsupd was asked to end the run. The keys of exit codes 0-255 and of named signals
 * are made once and reused, so counting an exit allocates no string (docs/benchmarks.md, "Allocation per
 * restart"); a filled slot is an immutable String, so a racing fill is harmless.
 */
final class ExitKeys {
    private static final String[] EXIT = new String[256];
    private static final String[] STOPPED_EXIT = new String[256];
    private static final String[] SIGNAL = new String[Signal.values().length];
    private static final String[] STOPPED_SIGNAL = new String[Signal.values().length];

    private ExitKeys() {}

    static String of(ExitStatus st, boolean requested) {
        switch (st.kind()) {
            case EXITED -> {
                int c = st.code();
                if (c < 0 || c >= 256) return prefixed(requested, "exit:" + c);
                String[] table = requested ? STOPPED_EXIT : EXIT;
                String k = table[c];
                if (k == null) table[c] = k = prefixed(requested, "exit:" + c);
                return k;
            }
            case SIGNALED -> {
                Signal s = st.signal();
                if (s == null) return prefixed(requested, "signal:" + st.signalNumber());
                String[] table = requested ? STOPPED_SIGNAL : SIGNAL;
                String k = table[s.ordinal()];
                if (k == null) table[s.ordinal()] = k = prefixed(requested, "signal:" + s.name());
                return k;
            }
            default -> {
                return requested ? "stopped:unknown:unknown" : "unknown:unknown";
            }
        }
    }

    private static String prefixed(boolean requested, String key) {
        return requested ? "stopped:" + key : key;
    }
}
