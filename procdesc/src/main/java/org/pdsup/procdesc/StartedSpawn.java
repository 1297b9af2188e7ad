package org.pdsup.procdesc;

/**
 * A spawn begun by {@link ProcessDescriptors#startQuickly}: the child exists, this process holds its descriptor and
 * has let it go on towards its exec. {@link #finish} waits for the exec's outcome; call it exactly once, on any
 * thread (it blocks until the exec, about a millisecond).
 */
public interface StartedSpawn {

    /** The child's process ID. */
    int pid();

    /**
     * Waits until the child has exec'd the program, and returns its descriptor; or, when the child failed before
     * its exec, reaps it and throws, as {@link ProcessDescriptors#spawn} would have.
     */
    ProcessDescriptor finish() throws SpawnException;
}
