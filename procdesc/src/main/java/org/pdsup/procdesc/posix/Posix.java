package org.pdsup.procdesc.posix;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** The loaded {@link PosixLibc} and its jnr-ffi runtime, shared by every backend (loaded once, lazily). */
public final class Posix {
    private Posix() {}

    private static final class Holder {
        static final PosixLibc LIBC = LibraryLoader.create(PosixLibc.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    public static PosixLibc libc() {
        return Holder.LIBC;
    }

    public static Runtime runtime() {
        return Holder.RUNTIME;
    }

    /** errno of the last failed call on this thread. */
    public static int errno() {
        return jnr.ffi.LastError.getLastError(Holder.RUNTIME);
    }

    /** "No such file or directory" for {@code errno}, from the C library. */
    public static String strerror(int errno) {
        String s = Holder.LIBC.strerror(errno);
        return s == null ? "error " + errno : s;
    }

    /** File names are encoded as the JDK encodes them for the system ({@code sun.jnu.encoding}). */
    public static Charset fileNameCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name != null ? Charset.forName(name) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
