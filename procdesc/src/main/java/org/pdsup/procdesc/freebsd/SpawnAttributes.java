package org.pdsup.procdesc.freebsd;

import java.lang.ref.Reference;

import jnr.ffi.Pointer;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * A {@code posix_spawnattr_t}: on FreeBSD an 8-byte pointer to a libc-allocated struct (platform-facts 1.3),
 * so this allocates the 8-byte handle, {@code posix_spawnattr_init}s it and {@code _destroy}s it on close.
 * Every spawn gets an empty signal mask and default dispositions (platform-facts pitfalls 4 and 5).
 */
final class SpawnAttributes implements AutoCloseable {
    private final FreeBsdLibc libc;
    private final Pointer handle;
    private final Pointer sigmask;
    private final Pointer sigdefault;
    private boolean destroyed;

    private SpawnAttributes(FreeBsdLibc libc, Pointer handle, Pointer sigmask, Pointer sigdefault) {
        this.libc = libc;
        this.handle = handle;
        this.sigmask = sigmask;
        this.sigdefault = sigdefault;
    }

    static SpawnAttributes create(FreeBsdLibc libc) {
        Pointer handle = FreeBsdNative.allocate(SPAWN_HANDLE_SIZE);
        check("posix_spawnattr_init", libc.posix_spawnattr_init(handle));
        Pointer mask = FreeBsdNative.allocate(SIGSET_SIZE);
        mask.put(0, FreeBsdSigset.empty(), 0, SIGSET_SIZE);
        Pointer dfl = FreeBsdNative.allocate(SIGSET_SIZE);
        dfl.put(0, FreeBsdSigset.allButThreadSignal(), 0, SIGSET_SIZE);
        SpawnAttributes a = new SpawnAttributes(libc, handle, mask, dfl);
        try {
            check("posix_spawnattr_setflags", libc.posix_spawnattr_setflags(handle,
                    (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));
            check("posix_spawnattr_setsigmask", libc.posix_spawnattr_setsigmask(handle, mask));
            check("posix_spawnattr_setsigdefault", libc.posix_spawnattr_setsigdefault(handle, dfl));
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        return a;
    }

    /**
     * posix_spawn will create the child with pdrfork(2) and store its descriptor in {@code *fdp}
     * (PD_CLOEXEC always set by libc). {@code fdp} must be native memory that outlives the posix_spawn call.
     */
    void setProcessDescriptor(Pointer fdp, boolean daemon) {
        check("posix_spawnattr_setprocdescp_np",
                libc.posix_spawnattr_setprocdescp_np(handle, fdp, daemon ? PD_DAEMON : 0));
    }

    Pointer pointer() {
        return handle;
    }

    @Override
    public void close() {
        if (destroyed) return;
        destroyed = true;
        libc.posix_spawnattr_destroy(handle);
        // libc copied the sets at set time; they are kept referenced until here all the same
        Reference.reachabilityFence(sigmask);
        Reference.reachabilityFence(sigdefault);
    }

    private static void check(String call, int rc) {
        if (rc != 0) throw new NativeCallException(call, rc);
    }
}
