package org.pdsup.procdesc.linux;

import jnr.ffi.LibraryLoader;

import org.pdsup.procdesc.ProcessDescriptorException;
import org.pdsup.procdesc.posix.Posix;

/** The loaded {@link LinuxLibc} (once, lazily) and errno helpers for messages. */
final class Linux {
    private Linux() {}

    private static final class Holder {
        static final LinuxLibc LIBC = LibraryLoader.create(LinuxLibc.class).load("c");
    }

    static LinuxLibc libc() {
        return Holder.LIBC;
    }

    static int errno() {
        return Posix.errno();
    }

    /** "No such file or directory (ENOENT)". */
    static String describe(int errno) {
        return Posix.strerror(errno) + " (" + LinuxErrno.name(errno) + ")";
    }

    static ProcessDescriptorException failure(String call, int errno) {
        return new ProcessDescriptorException(call + " failed: " + describe(errno), errno);
    }
}
