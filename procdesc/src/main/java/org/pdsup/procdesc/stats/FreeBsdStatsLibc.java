package org.pdsup.procdesc.stats;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.types.size_t;

/**
 * FreeBSD libc functions for process statistics (sys/sysctl.h, unistd.h).
 *
 * <p>{@code sysctl} takes six arguments; jnr-ffi issue #181 reports a corrupted sixth argument for six
 * {@code long}s (platform-facts section 0). pdsup always passes {@code newp = NULL}, and the kernel reads
 * {@code newlen} only when {@code newp} is not NULL ({@code userland_sysctl} in sys/kern/kern_sysctl.c), so
 * the sixth argument cannot matter here.
 *
 * <p>Internal binding: public only because jnr-ffi generates its implementation in another class loader.
 */
public interface FreeBsdStatsLibc {

    /** {@code int sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp, const void *newp, size_t newlen)}. */
    int sysctl(@In int[] name, int namelen, Pointer oldp, Pointer oldlenp, Pointer newp, @size_t long newlen);

    /** {@code int getpagesize(void)}. */
    int getpagesize();
}
