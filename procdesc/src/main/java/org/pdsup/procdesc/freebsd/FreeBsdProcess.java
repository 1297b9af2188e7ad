package org.pdsup.procdesc.freebsd;

import java.time.Instant;
import java.util.Optional;
import java.util.function.IntConsumer;

import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ProcessDescriptor;

/**
 * The base of the three FreeBSD process classes ({@link ProcdescProcess}, {@link PidChildProcess},
 * {@link AdoptedProcess}): the PID and start time, the exit once known, how it is recorded (and the PID handed
 * back to reapOrphans), the wait4 reap of our own child, and the NOTE_EXIT status decoding they share; plus what
 * {@link KqueueExitWatcher} needs of each: how to register for its exit (EVFILT_PROCDESC on a descriptor,
 * EVFILT_PROC on a verified PID) while its identity cannot change underneath, and how to turn the NOTE_EXIT event
 * into an {@link ExitStatus}.
 */
abstract class FreeBsdProcess implements ProcessDescriptor {
    /** {@code data} of {@link #exitFromEvent} when no NOTE_EXIT event exists (a wait status is never negative). */
    static final long NO_EVENT = -1L;

    protected final FreeBsdLibc libc;
    protected final int pid;
    private final Instant startTime;
    private final IntConsumer onReleased;
    private final ChildReaper reaper;
    /** The exit, once known; written through {@link #recordExit} where the PID was tracked. */
    protected volatile ExitStatus exit;

    /** @param onReleased told the PID once this object no longer reaps it (FreeBsdSpawner's tracking) */
    FreeBsdProcess(FreeBsdLibc libc, int pid, Instant startTime, IntConsumer onReleased) {
        this.libc = libc;
        this.pid = pid;
        this.startTime = startTime;
        this.onReleased = onReleased;
        this.reaper = new ChildReaper(libc);
    }

    @Override
    public final int pid() {
        return pid;
    }

    @Override
    public final Instant startTime() {
        return startTime;
    }

    /** The exit if it is already known (reaped, or an adopted process found gone). */
    final Optional<ExitStatus> knownExit() {
        return Optional.ofNullable(exit);
    }

    /** Records the exit and releases the PID (nothing is left for this object to reap). */
    protected final ExitStatus recordExit(ExitStatus s) {
        exit = s;
        release();
        return s;
    }

    /** Tells the spawner this object no longer reaps the PID (reaped, or given up on close). */
    protected final void release() {
        onReleased.accept(pid);
    }

    /** {@code wait4(pid, ..., block ? 0 : WNOHANG, &rusage)} of our own child; a result is recorded. */
    protected final Optional<ExitStatus> reapChild(boolean block) throws ChildReaper.NotOurChild {
        Optional<ExitStatus> r = reaper.wait4(pid, block);
        r.ifPresent(this::recordExit);
        return r;
    }

    /** {@code pdwait(fd, ...)} of our own child; a result is recorded. */
    protected final Optional<ExitStatus> pdwaitChild(int fd, boolean block) throws ChildReaper.NotOurChild {
        Optional<ExitStatus> r = reaper.pdwait(fd, block);
        r.ifPresent(this::recordExit);
        return r;
    }

    /**
     * The exit a NOTE_EXIT event's {@code data} describes: {@code filt_proc} in sys/kern/kern_event.c stores
     * {@code KW_EXITCODE(p_xexit, p_xsig)} there, the wait(2) encoding, decoded with FreeBSD's W* macros; no
     * resource usage. Unknown for {@link #NO_EVENT} or a value that is not an exit.
     */
    static ExitStatus statusFromNoteExit(long data) {
        if (data < 0 || data > 0xffff) return ExitStatus.unknown();
        try {
            return FreeBsdWaitStatus.decode((int) data, null);
        } catch (IllegalArgumentException notAnExit) {
            return ExitStatus.unknown();
        }
    }

    /**
     * Adds (or, with {@code add == false}, deletes) the exit registration on {@code kq} with {@code udata}.
     *
     * @return 0, or the errno of the failure (EBADF once the descriptor is closed)
     */
    abstract int registerExit(Kqueue kq, long udata, boolean add);

    /** The exit, given the NOTE_EXIT event's data (a wait status); reaps the process where it is ours. */
    abstract ExitStatus exitFromEvent(long data);
}
