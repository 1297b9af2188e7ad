package org.pdsup.procdesc.stats;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.pdsup.procdesc.ProcessDescriptors;

/**
 * The process group, session and start time of processes, read from the system on demand: what pdsupd needs to
 * find the descendants a dead pdsupd's services left behind (members of their process group or session) without
 * ever mistaking a process that merely reuses an id.
 */
public interface ProcessTable {

    /**
     * The backend for this system: {@code /proc/PID/stat} on Linux. On other systems {@link #supported()} is
     * false and every read is empty.
     */
    static ProcessTable system() {
        return ProcessDescriptors.osName().startsWith("linux") ? LinuxProcessTable.system() : Unsupported.INSTANCE;
    }

    /** False where this system's table cannot be read yet (then nothing is cleaned up, and pdsupd says so). */
    boolean supported();

    /** The identity of process {@code pid}, or empty when it does not exist. */
    Optional<ProcessIdentity> identity(int pid);

    /** Every process visible now (a snapshot: processes start and exit meanwhile). */
    List<ProcessIdentity> all();

    /**
     * The NUL-separated strings of a process's initial environment ({@code NAME=value} each), or empty when the
     * process is gone, this system's table cannot read it, or we may not (another user's process when we are
     * not root). What a process later changes in its own memory is not seen.
     */
    default Optional<List<String>> environment(int pid) {
        return Optional.empty();
    }

    /** A process's argument vector, or empty as for {@link #environment}. */
    default Optional<List<String>> commandLine(int pid) {
        return Optional.empty();
    }

    /**
     * Whether any process is in process group {@code pgid} now (one {@code kill(-pgid, 0)}: no scan of the
     * table). True where this cannot be told.
     */
    default boolean groupHasMembers(int pgid) {
        return true;
    }

    /** Two start times closer than this are the same (one clock tick). */
    Duration startTimeResolution();

    /** True when {@code a} and {@code b} are the same start time. */
    default boolean sameStart(java.time.Instant a, java.time.Instant b) {
        return Duration.between(a, b).abs().compareTo(startTimeResolution()) < 0;
    }

    /** A system without a table reader. */
    final class Unsupported implements ProcessTable {
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {}

        @Override public boolean supported() { return false; }
        @Override public Optional<ProcessIdentity> identity(int pid) { return Optional.empty(); }
        @Override public List<ProcessIdentity> all() { return List.of(); }
        @Override public Duration startTimeResolution() { return Duration.ofMillis(10); }
    }
}
