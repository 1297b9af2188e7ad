package org.pdsup.procdesc.posix;

import java.util.Locale;
import java.util.OptionalLong;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The soft limit on open descriptors ({@code getrlimit(RLIMIT_NOFILE)}) of this process. {@code RLIMIT_NOFILE}
 * is 7 on Linux ({@code asm-generic/resource.h}) and 8 on FreeBSD ({@code sys/resource.h}); {@code struct rlimit}
 * is two {@code rlim_t} (64-bit on both), the soft limit first; {@code RLIM_INFINITY} is all ones on Linux and
 * {@code 0x7fffffffffffffff} on FreeBSD, both read here as "no limit".
 */
public final class DescriptorLimit {
    static final int RLIMIT_NOFILE_LINUX = 7;
    static final int RLIMIT_NOFILE_FREEBSD = 8;

    private DescriptorLimit() {}

    /** The soft limit, or empty when there is none (infinity) or the system would not tell. */
    public static OptionalLong soft() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        int resource = os.contains("linux") ? RLIMIT_NOFILE_LINUX : RLIMIT_NOFILE_FREEBSD;
        Pointer rlim = Memory.allocateDirect(Posix.runtime(), 16, true);
        if (Posix.libc().getrlimit(resource, rlim) != 0) return OptionalLong.empty();
        long cur = rlim.getLong(0);
        return cur < 0 || cur == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(cur);
    }
}
