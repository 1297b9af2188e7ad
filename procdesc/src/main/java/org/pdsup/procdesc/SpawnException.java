package org.pdsup.procdesc;

/** A process could not be started. The message names the path and the reason; never a supervisor crash. */
public class SpawnException extends Exception {
    private final int errno;
    private final String stage;
    private final boolean transientFailure;

    public SpawnException(String message, int errno, String stage, boolean transientFailure) {
        super(message);
        this.errno = errno;
        this.stage = stage;
        this.transientFailure = transientFailure;
    }

    /** The errno of the failing call (platform number), or 0. */
    public int errno() { return errno; }

    /** What failed: "exec", "chdir", "setuid", "rlimit nofile", "posix_spawn", ... */
    public String stage() { return stage; }

    /** True when retrying later may succeed (EAGAIN: process limit reached; ENOMEM). */
    public boolean transientFailure() { return transientFailure; }
}
