package org.pdsup.procdesc.freebsd;

import java.util.Optional;

import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ProcessDescriptor;

/**
 * What {@link KqueueExitWatcher} needs of a FreeBSD process beyond {@link ProcessDescriptor}: how to register
 * for its exit (EVFILT_PROCDESC on a descriptor, EVFILT_PROC on a verified PID) while its identity cannot
 * change underneath, and how to turn the NOTE_EXIT event into an {@link ExitStatus}.
 */
abstract class FreeBsdProcess implements ProcessDescriptor {

    /**
     * Adds (or, with {@code add == false}, deletes) the exit registration on {@code kq} with {@code udata}.
     *
     * @return 0, or the errno of the failure (EBADF once the descriptor is closed)
     */
    abstract int registerExit(Kqueue kq, long udata, boolean add);

    /** The exit, given the NOTE_EXIT event's data (a wait status); reaps the process where it is ours. */
    abstract ExitStatus exitFromEvent(long data);

    /** The exit if it is already known (reaped, or an adopted process found gone). */
    abstract Optional<ExitStatus> knownExit();
}
