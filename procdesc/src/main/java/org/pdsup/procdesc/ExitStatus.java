package org.pdsup.procdesc;

import java.util.Optional;

/**
 * How a process ended: an exit code, or a signal with the core-dump flag; {@link Kind#UNKNOWN} when the
 * process was not our child (re-adopted) and the kernel does not tell us. Carries the run's resource usage
 * where known.
 */
public record ExitStatus(Kind kind, int code, int signalNumber, Signal signal, boolean coreDumped,
                         ResourceUsage usage) {

    public enum Kind { EXITED, SIGNALED, UNKNOWN }

    public static ExitStatus exited(int code, ResourceUsage usage) {
        return new ExitStatus(Kind.EXITED, code, 0, null, false, usage);
    }

    public static ExitStatus signaled(int signalNumber, Signal signal, boolean core, ResourceUsage usage) {
        return new ExitStatus(Kind.SIGNALED, -1, signalNumber, signal, core, usage);
    }

    public static ExitStatus unknown() {
        return new ExitStatus(Kind.UNKNOWN, -1, 0, null, false, null);
    }

    public Optional<ResourceUsage> resourceUsage() {
        return Optional.ofNullable(usage);
    }

    /** "exit 0", "signal TERM", "signal SEGV (core dumped)", "unknown (not our child)". */
    @Override
    public String toString() {
        return switch (kind) {
            case EXITED -> "exit " + code;
            case SIGNALED -> "signal " + (signal != null ? signal.name() : Integer.toString(signalNumber))
                    + (coreDumped ? " (core dumped)" : "");
            case UNKNOWN -> "unknown (not our child)";
        };
    }
}
