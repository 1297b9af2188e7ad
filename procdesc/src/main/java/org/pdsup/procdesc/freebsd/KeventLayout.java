package org.pdsup.procdesc.freebsd;

/**
 * {@code struct kevent} of {@code sys/sys/event.h}, FreeBSD 12 and later (platform-facts 1.5), LP64.
 * libc keeps a compat {@code kevent@FBSD_1.0} with the pre-12 32-byte struct; that the unversioned lookup
 * binds the 64-byte version is UNCONFIRMED and checked at start by {@link KqueueAbiCheck}.
 */
public final class KeventLayout {
    private KeventLayout() {}

    public static final int IDENT = 0;     // uintptr_t ident
    public static final int FILTER = 8;    // short filter
    public static final int FLAGS = 10;    // unsigned short flags
    public static final int FFLAGS = 12;   // unsigned int fflags
    public static final int DATA = 16;     // __int64_t data
    public static final int UDATA = 24;    // void *udata
    public static final int EXT = 32;      // __uint64_t ext[4]
    public static final int EXT_SIZE = 32;
    public static final int SIZE = 64;     // sizeof(struct kevent)
    /** sizeof(struct kevent_freebsd11), the pre-12 layout a compat symbol would use. */
    public static final int SIZE_FREEBSD11 = 32;
}
