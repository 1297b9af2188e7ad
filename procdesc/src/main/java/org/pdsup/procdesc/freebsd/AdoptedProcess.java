package org.pdsup.procdesc.freebsd;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.Signal;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * A running process that is not our child, re-adopted after verifying its PID and start time (a persistent
 * service left by an earlier supervisor). FreeBSD cannot open a descriptor on an existing process, so this
 * holds only the verified PID: every signal re-checks the start time first (the remaining window between
 * the check and kill(2) is documented in docs/procdesc-freebsd.md), its exit comes from
 * {@code EVFILT_PROC}/{@code NOTE_EXIT}, whose {@code data} carries the wait status:
 * {@code filt_proc} in sys/kern/kern_event.c sets {@code kn_data = KW_EXITCODE(p->p_xexit, p->p_xsig)} for a
 * knote that asked for NOTE_EXIT (read at freebsd-src 397c19d1753d210247d77eb3ca33d1c7c1eb2fa9). Its exit status
 * is decoded from that ({@link FreeBsdProcess#statusFromNoteExit}); it is {@link ExitStatus#unknown()} only where the kernel gave
 * nothing: the process was already gone when the registration was made (ESRCH), or it was found gone by a
 * start-time check before any event arrived. Resource usage stays unknown (only the parent may reap it).
 */
final class AdoptedProcess extends FreeBsdProcess {
    /** How far two readings of the same start time may differ (boot time moves when the clock is stepped). */
    static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    private volatile boolean closed;

    AdoptedProcess(FreeBsdLibc libc, int pid, Instant startTime) {
        super(libc, pid, startTime, unused -> { }); // never tracked: not our child
    }

    /**
     * @throws NoSuchProcessException if {@code pid} does not run, or runs but started at another time
     */
    static AdoptedProcess adopt(FreeBsdLibc libc, int pid, Instant expectedStart) {
        if (pid <= 1) throw new IllegalArgumentException("cannot adopt process " + pid);
        KinfoProc k = KinfoProc.of(libc, pid)
                .orElseThrow(() -> new NoSuchProcessException("process " + pid + " does not exist"));
        if (expectedStart != null && !sameStart(k.startTime(), expectedStart)) {
            throw new NoSuchProcessException("process " + pid + " started at " + k.startTime()
                    + ", not at " + expectedStart + ": the PID now belongs to another process");
        }
        return new AdoptedProcess(libc, pid, k.startTime());
    }

    static boolean sameStart(Instant a, Instant b) {
        return Duration.between(a, b).abs().compareTo(START_TOLERANCE) <= 0;
    }

    private boolean stillSameProcess() {
        return KinfoProc.of(libc, pid).map(k -> sameStart(k.startTime(), startTime())).orElse(false);
    }

    /** No descriptor exists for an adopted process on FreeBSD. */
    @Override
    public int fd() {
        return -1;
    }

    @Override
    public boolean isDaemon() {
        return true;
    }

    @Override
    public boolean isAdopted() {
        return true;
    }

    @Override
    public void signal(Signal signal) {
        if (closed || exit != null || !stillSameProcess()) {
            exit = ExitStatus.unknown();
            throw new NoSuchProcessException("adopted process " + pid + " has exited");
        }
        if (libc.kill(pid, FreeBsdSignals.number(signal)) != 0) {
            int e = FreeBsdNative.errno();
            if (e == ESRCH) throw new NoSuchProcessException("adopted process " + pid + " has exited");
            throw new NativeCallException("kill(" + pid + ", SIG" + signal + ")", e);
        }
    }

    @Override
    public void signalGroup(Signal signal) {
        if (closed || exit != null || !stillSameProcess()) {
            throw new NoSuchProcessException("adopted process " + pid + " has exited");
        }
        if (libc.kill(-pid, FreeBsdSignals.number(signal)) != 0) {
            int e = FreeBsdNative.errno();
            if (e == ESRCH) throw new NoSuchProcessException("process group " + pid + " does not exist");
            throw new NativeCallException("kill(-" + pid + ", SIG" + signal + ")", e);
        }
    }

    @Override
    public boolean isAlive() {
        if (exit != null) return false;
        if (stillSameProcess()) return true;
        exit = ExitStatus.unknown();
        return false;
    }

    @Override
    public Optional<ExitStatus> tryWait() {
        return isAlive() ? Optional.empty() : Optional.of(exit);
    }

    @Override
    public ExitStatus waitFor() throws InterruptedException {
        if (exit != null) return exit;
        if (Thread.interrupted()) throw new InterruptedException();
        Long data = stillSameProcess() ? Kqueue.awaitExit(libc, EVFILT_PROC, pid, true) : null;
        return exitFromEvent(data == null ? NO_EVENT : data);
    }

    @Override
    int registerExit(Kqueue kq, long udata, boolean add) {
        if (add && (exit != null || !stillSameProcess())) return ESRCH;
        return kq.change(Kevent.of(pid, EVFILT_PROC, add ? EV_ADD : EV_DELETE, add ? NOTE_EXIT : 0, 0, udata));
    }

    @Override
    ExitStatus exitFromEvent(long data) {
        ExitStatus fromKernel = statusFromNoteExit(data);
        // the kernel's status beats an "unknown" recorded when a start-time check found the process gone
        if (fromKernel.kind() != ExitStatus.Kind.UNKNOWN || exit == null) exit = fromKernel;
        return exit;
    }

    /** Forgets the process; it keeps running (there is no descriptor whose close could kill it). */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "adopted[pid=" + pid + ", started " + startTime() + "]";
    }
}
