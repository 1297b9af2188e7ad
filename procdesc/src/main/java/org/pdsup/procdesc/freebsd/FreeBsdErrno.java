package org.pdsup.procdesc.freebsd;

import java.util.Map;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * Names and messages for FreeBSD errno values ({@code sys/sys/errno.h}; texts as in FreeBSD's
 * {@code lib/libc/gen/errlst.c}). Kept in Java so a message never depends on which C library answered, and so
 * the FreeBSD numbers (EAGAIN 35, ENOSYS 78, ENOTCAPABLE 93) are exercised by tests on Linux.
 */
public final class FreeBsdErrno {
    private FreeBsdErrno() {}

    private record Entry(String name, String message) {}

    private static final Map<Integer, Entry> ENTRIES = Map.ofEntries(
            Map.entry(EPERM, new Entry("EPERM", "Operation not permitted")),
            Map.entry(ENOENT, new Entry("ENOENT", "No such file or directory")),
            Map.entry(ESRCH, new Entry("ESRCH", "No such process")),
            Map.entry(EINTR, new Entry("EINTR", "Interrupted system call")),
            Map.entry(EIO, new Entry("EIO", "Input/output error")),
            Map.entry(E2BIG, new Entry("E2BIG", "Argument list too long")),
            Map.entry(ENOEXEC, new Entry("ENOEXEC", "Exec format error")),
            Map.entry(EBADF, new Entry("EBADF", "Bad file descriptor")),
            Map.entry(ECHILD, new Entry("ECHILD", "No child processes")),
            Map.entry(EDEADLK, new Entry("EDEADLK", "Resource deadlock avoided")),
            Map.entry(ENOMEM, new Entry("ENOMEM", "Cannot allocate memory")),
            Map.entry(EACCES, new Entry("EACCES", "Permission denied")),
            Map.entry(EFAULT, new Entry("EFAULT", "Bad address")),
            Map.entry(EBUSY, new Entry("EBUSY", "Device busy")),
            Map.entry(EEXIST, new Entry("EEXIST", "File exists")),
            Map.entry(ENOTDIR, new Entry("ENOTDIR", "Not a directory")),
            Map.entry(EISDIR, new Entry("EISDIR", "Is a directory")),
            Map.entry(EINVAL, new Entry("EINVAL", "Invalid argument")),
            Map.entry(ENFILE, new Entry("ENFILE", "Too many open files in system")),
            Map.entry(EMFILE, new Entry("EMFILE", "Too many open files")),
            Map.entry(ETXTBSY, new Entry("ETXTBSY", "Text file busy")),
            Map.entry(ENOSPC, new Entry("ENOSPC", "No space left on device")),
            Map.entry(EPIPE, new Entry("EPIPE", "Broken pipe")),
            Map.entry(ERANGE, new Entry("ERANGE", "Result too large")),
            Map.entry(EAGAIN, new Entry("EAGAIN", "Resource temporarily unavailable")),
            Map.entry(EOPNOTSUPP, new Entry("EOPNOTSUPP", "Operation not supported")),
            Map.entry(ELOOP, new Entry("ELOOP", "Too many levels of symbolic links")),
            Map.entry(ENAMETOOLONG, new Entry("ENAMETOOLONG", "File name too long")),
            Map.entry(EPROCLIM, new Entry("EPROCLIM", "Too many processes")),
            Map.entry(ENOSYS, new Entry("ENOSYS", "Function not implemented")),
            Map.entry(ENOTCAPABLE, new Entry("ENOTCAPABLE", "Capabilities insufficient")),
            Map.entry(ECAPMODE, new Entry("ECAPMODE", "Not permitted in capability mode")));

    /** "ESRCH", or "errno 99" for a number this table does not know. */
    public static String name(int errno) {
        Entry e = ENTRIES.get(errno);
        return e != null ? e.name() : "errno " + errno;
    }

    /** "No such process", or "Unknown error: 99". */
    public static String message(int errno) {
        Entry e = ENTRIES.get(errno);
        return e != null ? e.message() : "Unknown error: " + errno;
    }

    /** "No such process (ESRCH, errno 3)". */
    public static String describe(int errno) {
        Entry e = ENTRIES.get(errno);
        return e != null ? e.message() + " (" + e.name() + ", errno " + errno + ")" : "Unknown error: " + errno;
    }

    /** True when retrying later may succeed: the process limit (EAGAIN, EPROCLIM) or memory (ENOMEM). */
    public static boolean isTransient(int errno) {
        return errno == EAGAIN || errno == EPROCLIM || errno == ENOMEM;
    }
}
