package org.pdsup.procdesc.stats;

import java.util.Optional;

import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.UnsupportedPlatformException;

/**
 * Reads the resident memory and CPU time of a running process, on demand: nothing here samples on a timer.
 * The metrics endpoint calls it at scrape time for each service that has a running process.
 *
 * <p>Callers pass the PID read from the service's process descriptor: while the descriptor is open the PID
 * cannot be reused, so the numbers belong to that service's process and no other.
 *
 * <p>Implementations are thread-safe.
 */
public interface ProcessStats {

    /**
     * The backend for this operating system, chosen by {@code os.name}: {@code /proc/PID/stat} on Linux,
     * {@code sysctl(KERN_PROC_PID)} ({@code struct kinfo_proc}) on FreeBSD.
     *
     * @throws UnsupportedPlatformException on any other system
     */
    static ProcessStats system() {
        return StatsBackends.forOs(ProcessDescriptors.osName());
    }

    /**
     * A sample of process {@code pid}, or empty when no such process exists (it exited and was reaped, or
     * the PID is not a process at all) or the system would not tell.
     *
     * @throws IllegalArgumentException if {@code pid} is not positive
     */
    Optional<ProcessSample> sample(int pid);
}
