package org.pdsup.procdesc;

import java.time.Instant;
import java.util.Locale;

/**
 * The entry point of the library: spawns processes with descriptors on the running system.
 * {@link #system()} picks the backend by operating system and refuses any other system clearly.
 */
public interface ProcessDescriptors {

    /** The backend for this operating system (cached). */
    static ProcessDescriptors system() {
        return Backends.system();
    }

    /**
     * Spawns {@code spec} with posix_spawn (never a fork of the JVM) and returns its descriptor. Safe to call from
     * several threads at once; it blocks until the program has been exec'd (or failed to be).
     *
     * @throws SpawnException naming the path and the reason: missing binary, not executable, bad directory,
     *                        process limit reached ({@code EAGAIN}), out of memory, or what the exec helper
     *                        could not apply
     */
    ProcessDescriptor spawn(SpawnSpec spec) throws SpawnException;

    /**
     * Begins {@code spec}'s spawn on the calling thread when that takes no more than a short exchange with a helper
     * process of the backend's own, already running and free (Linux: the fork server; at most 250 ms even when
     * that process is stopped): on return the child exists and runs towards its exec, and
     * {@link StartedSpawn#finish} waits for the exec on any thread. Null, with nothing done, when it cannot:
     * then {@link #spawn} it on a thread that may block. Always null in this default.
     *
     * @throws SpawnException as {@link #spawn}, for what fails before the child exists
     */
    default StartedSpawn startQuickly(SpawnSpec spec) throws SpawnException {
        return null;
    }

    /**
     * Re-opens a descriptor on a running process that is not our child (a persistent service left by an
     * earlier supervisor), after verifying it is the same process: same PID and the same start time.
     *
     * <p>With {@code expectedStartTime == null} the start time is not checked: for a process that is known to
     * be ours, such as a forking daemon that was re-parented to us as its reaper and named by its pidfile; if
     * that process is our child, the descriptor is an ordinary one (not {@link ProcessDescriptor#isAdopted()}),
     * whose exit status can be read.
     *
     * @throws NoSuchProcessException if no such process runs, or the PID now belongs to another process
     */
    ProcessDescriptor adopt(int pid, Instant expectedStartTime);

    /**
     * Takes over descriptor {@code fd}, inherited across an exec of this process ({@link ProcessReplacement}),
     * for the process {@code pid} that the previous program of this process held through it: its own child
     * (spawned there, so ours now), or with {@code adopted} a process it had re-adopted (not a child). The
     * descriptor must name {@code pid} (Linux: the Pid line of /proc/self/fdinfo; FreeBSD: pdgetpid(2)).
     *
     * @throws NoSuchProcessException    if the descriptor names another process or none
     * @throws ProcessDescriptorException if {@code fd} is not a process descriptor
     */
    default ProcessDescriptor inherit(int fd, int pid, boolean daemon, boolean adopted, Instant startTime) {
        throw new UnsupportedOperationException("this backend cannot take over inherited process descriptors");
    }

    /**
     * Null when {@link ProcessReplacement#replace} may be called from this thread without losing a child;
     * otherwise why not (Linux: a child's parent-death signal follows the thread that is its parent, and an
     * exec from any but the process's first thread ends that thread).
     */
    default String replaceProcessRefusal() {
        return null;
    }

    /** Starts a new kernel-event thread. */
    ExitWatcher newExitWatcher(String threadName);

    /** Makes this process the reaper of its orphaned descendants (PROC_REAP_ACQUIRE / PR_SET_CHILD_SUBREAPER). */
    void becomeSubreaper();

    /**
     * Reaps exited descendants that are not tracked through a descriptor (orphans adopted as reaper), without
     * ever reaping a process that has a descriptor here. Returns how many were reaped.
     *
     * <p>It may return early while an exited child it must leave alone (one with a descriptor, or an exec helper
     * in flight) is first in the kernel's line: call it on SIGCHLD and again after each exit collected through a
     * descriptor. No orphan is left behind across two calls. It waits for spawns in flight: call it from a
     * thread that may wait a few milliseconds.
     */
    int reapOrphans();

    /**
     * Whether an exited child may be waiting to be reaped, tracked or not: a peek that takes no lock and reaps
     * nothing, cheap enough for any thread, so that {@link #reapOrphans()} (and a thread to run it) is asked for
     * only when there is something to reap. Never false while an exited child waits; true when the backend
     * cannot tell.
     */
    default boolean exitedChildWaiting() {
        return true;
    }

    /**
     * Takes SIGCHLD from the kernel-event queue of {@code watcher}, which then runs {@code onChild} on its thread
     * whenever one arrives, if this backend can here: true then, and the caller must not also handle SIGCHLD
     * through the JVM (whose dispatch starts a thread per signal). False when it cannot (the Linux backend needs
     * SIGCHLD blocked in every thread, which pdsup-jvm does; FreeBSD keeps the JVM's handler for now).
     */
    default boolean watchChildSignal(ExitWatcher watcher, Runnable onChild) {
        return false;
    }

    /** Resets SIGCHLD to its default disposition, so exit statuses are never discarded by the kernel. */
    void resetChildSignal();

    /** A close-on-exec pipe. */
    Pipe pipe();

    /** The number of {@code signal} on this system. */
    int signalNumber(Signal signal);

    /** The name of signal number {@code n} on this system, if it is one we know. */
    java.util.Optional<Signal> signalOf(int n);

    /** One line for --version and status: backend, spawn path, what was probed. */
    String describe();

    /** Lower-case OS name the backend was chosen for. */
    static String osName() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    }
}
