package org.pdsup.procdesc.freebsd;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The loaded {@link FreeBsdLibc} and its jnr-ffi runtime (loaded once, lazily), plus the errno of the last
 * failed call and native-memory allocation. Loading works on any system with a C library (the tests load it
 * on Linux); calling a FreeBSD-only function elsewhere throws {@link UnsatisfiedLinkError}.
 */
public final class FreeBsdNative {
    private FreeBsdNative() {}

    /** FreeBSD's C library soname (lib/libc/Makefile SHLIB_MAJOR 7, since FreeBSD 7). */
    public static final String LIBC_SONAME = "libc.so.7";

    private static final class Holder {
        static final FreeBsdLibc LIBC = LibraryLoader.create(FreeBsdLibc.class)
                .load(jnr.ffi.Platform.getNativePlatform().getOS() == jnr.ffi.Platform.OS.FREEBSD ? LIBC_SONAME : "c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    public static FreeBsdLibc libc() {
        return Holder.LIBC;
    }

    public static Runtime runtime() {
        return Holder.RUNTIME;
    }

    /** errno of the last failed call on this thread. */
    public static int errno() {
        return LastError.getLastError(Holder.RUNTIME);
    }

    /** Zeroed native memory of {@code size} bytes, freed when unreachable. */
    public static Pointer allocate(long size) {
        return Memory.allocateDirect(Holder.RUNTIME, size, true);
    }
}
