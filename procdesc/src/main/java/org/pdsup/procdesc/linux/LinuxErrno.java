package org.pdsup.procdesc.linux;

import java.util.Map;

/** Symbolic names of Linux errno values (asm-generic/errno-base.h, asm-generic/errno.h), for messages. */
public final class LinuxErrno {
    private LinuxErrno() {}

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(8, "ENOEXEC"),
            Map.entry(9, "EBADF"), Map.entry(10, "ECHILD"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"),
            Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"), Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"),
            Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"), Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"),
            Map.entry(24, "EMFILE"), Map.entry(26, "ETXTBSY"), Map.entry(27, "EFBIG"), Map.entry(28, "ENOSPC"),
            Map.entry(30, "EROFS"), Map.entry(34, "ERANGE"), Map.entry(36, "ENAMETOOLONG"),
            Map.entry(38, "ENOSYS"), Map.entry(40, "ELOOP"), Map.entry(95, "EOPNOTSUPP"));

    /** "ENOENT", or "errno 123" for a number not in the table. */
    public static String name(int errno) {
        String n = NAMES.get(errno);
        return n != null ? n : "errno " + errno;
    }

    /** True for errors after which a later retry may succeed: EAGAIN (process limit), ENOMEM. */
    public static boolean isTransient(int errno) {
        return errno == LinuxConstants.EAGAIN || errno == LinuxConstants.ENOMEM;
    }
}
