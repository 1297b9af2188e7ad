package org.pdsup.procdesc;

import java.time.Instant;
import java.util.Optional;

/**
 * A process held through a kernel process descriptor: a FreeBSD procdesc (pdfork(2)) or a Linux pidfd.
 *
 * <p>Every operation acts through the descriptor, never through a bare PID, so a signal sent after the
 * process has exited fails with {@link NoSuchProcessException} and can never reach a process that reused
 * the PID. Instances are safe to use from any thread.
 */
public interface ProcessDescriptor extends AutoCloseable {

    /** The process ID, read from the descriptor (pdgetpid(2)) or recorded at spawn; stable after exit. */
    int pid();

    /** The raw descriptor number, for registration with an event loop. -1 once closed. */
    int fd();

    /** True when spawned with {@code PD_DAEMON}: {@link #close()} leaves the process running. */
    boolean isDaemon();

    /** True when this descriptor was obtained by re-adopting a process that is not our child. */
    boolean isAdopted();

    /**
     * Sends {@code signal} through the descriptor (pdkill(2) / pidfd_send_signal(2)).
     *
     * @throws NoSuchProcessException if the process has exited (even before it was reaped)
     */
    void signal(Signal signal);

    /** Sends a signal to the process group whose leader this process is (stop {@code mode = group}). */
    void signalGroup(Signal signal);

    /** True while the process has not exited (fstat alive bits on FreeBSD; pidfd poll on Linux). */
    boolean isAlive();

    /** When the process started (st_birthtime on FreeBSD; /proc start time on Linux). */
    Instant startTime();

    /**
     * Non-blocking wait: the exit with resource usage if the process has exited, reaping it; empty while it
     * runs. Once reaped the same status is returned on every later call.
     */
    Optional<ExitStatus> tryWait();

    /** Blocking wait for the exit, with resource usage; reaps the process. */
    ExitStatus waitFor() throws InterruptedException;

    /**
     * Closes the descriptor. Unless {@link #isDaemon()}, a process still running is killed first with
     * SIGKILL (kernel behaviour on FreeBSD, emulated on Linux), and reaped. Idempotent.
     */
    @Override
    void close();
}
