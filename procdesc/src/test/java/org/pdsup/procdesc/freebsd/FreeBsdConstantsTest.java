package org.pdsup.procdesc.freebsd;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.FdConstants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins every number of {@link FreeBsdConstants}. Expected values are copied from shared/platform-facts.md
 * (section named per group); values platform-facts does not list are from the FreeBSD header named in the
 * constants class, read with the search tool (sys/sys/errno.h, sys/sys/fcntl.h, sys/sys/signal.h,
 * sys/sys/socket.h, sys/sys/stat.h, sys/sys/sysctl.h). Every public constant must have an entry here.
 */
class FreeBsdConstantsTest {

    private static final Map<String, Long> EXPECTED = new LinkedHashMap<>();

    private static void e(String name, long value) {
        if (EXPECTED.put(name, value) != null) throw new IllegalStateException("duplicate " + name);
    }

    static {
        // platform-facts 1.10 (errno) + sys/sys/errno.h
        e("EPERM", 1); e("ENOENT", 2); e("ESRCH", 3); e("EINTR", 4); e("EIO", 5); e("E2BIG", 7); e("ENOEXEC", 8);
        e("EBADF", 9); e("ECHILD", 10); e("EDEADLK", 11); e("ENOMEM", 12); e("EACCES", 13); e("EFAULT", 14);
        e("EBUSY", 16); e("EEXIST", 17); e("ENOTDIR", 20); e("EISDIR", 21); e("EINVAL", 22); e("ENFILE", 23);
        e("EMFILE", 24); e("ETXTBSY", 26); e("ENOSPC", 28); e("EPIPE", 32); e("ERANGE", 34); e("EAGAIN", 35);
        e("EOPNOTSUPP", 45); e("ELOOP", 62); e("ENAMETOOLONG", 63); e("EPROCLIM", 67); e("ENOSYS", 78);
        e("ENOTCAPABLE", 93); e("ECAPMODE", 94);
        // platform-facts 1.10 (signals) + sys/sys/signal.h
        e("SIGHUP", 1); e("SIGINT", 2); e("SIGQUIT", 3); e("SIGILL", 4); e("SIGTRAP", 5); e("SIGABRT", 6);
        e("SIGEMT", 7); e("SIGFPE", 8); e("SIGKILL", 9); e("SIGBUS", 10); e("SIGSEGV", 11); e("SIGSYS", 12);
        e("SIGPIPE", 13); e("SIGALRM", 14); e("SIGTERM", 15); e("SIGURG", 16); e("SIGSTOP", 17); e("SIGTSTP", 18);
        e("SIGCONT", 19); e("SIGCHLD", 20); e("SIGTTIN", 21); e("SIGTTOU", 22); e("SIGIO", 23); e("SIGXCPU", 24);
        e("SIGXFSZ", 25); e("SIGVTALRM", 26); e("SIGPROF", 27); e("SIGWINCH", 28); e("SIGINFO", 29);
        e("SIGUSR1", 30); e("SIGUSR2", 31); e("SIGTHR", 32); e("SIGLIBRT", 33); e("SIGRTMIN", 65); e("SIGRTMAX", 126);
        e("SIG_MAXSIG", 128); e("SIG_DFL", 0); e("SIG_IGN", 1);
        e("SIG_BLOCK", 1); e("SIG_UNBLOCK", 2); e("SIG_SETMASK", 3); e("SIGSET_SIZE", 16);
        // platform-facts 1.6 (CLD_*)
        e("CLD_EXITED", 1); e("CLD_KILLED", 2); e("CLD_DUMPED", 3); e("CLD_TRAPPED", 4); e("CLD_STOPPED", 5);
        e("CLD_CONTINUED", 6);
        // platform-facts 1.10 (O_CLOEXEC, O_NONBLOCK, F_DUPFD_CLOEXEC, FD_CLOEXEC) + sys/sys/fcntl.h
        e("O_RDONLY", 0); e("O_WRONLY", 1); e("O_RDWR", 2); e("O_NONBLOCK", 0x4); e("O_APPEND", 0x8);
        e("O_CREAT", 0x200); e("O_TRUNC", 0x400); e("O_EXCL", 0x800); e("O_CLOEXEC", 0x00100000);
        e("F_DUPFD", 0); e("F_GETFD", 1); e("F_SETFD", 2); e("F_GETFL", 3); e("F_SETFL", 4); e("F_DUPFD_CLOEXEC", 17);
        e("FD_CLOEXEC", 1);
        // platform-facts 1.8 / 1.10 (sockets) + sys/sys/socket.h
        e("AF_UNIX", 1); e("SOCK_STREAM", 1); e("SOCK_DGRAM", 2); e("SOCK_CLOEXEC", 0x10000000);
        e("SOCK_NONBLOCK", 0x20000000); e("SOL_SOCKET", 0xffff); e("SCM_RIGHTS", 1); e("MSG_CTRUNC", 0x20);
        e("MSG_TRUNC", 0x10); e("MSG_NOSIGNAL", 0x20000); e("MSG_CMSG_CLOEXEC", 0x40000);
        e("SOL_LOCAL", 0); e("LOCAL_PEERCRED", 1); e("XUCRED_VERSION", 0); e("XU_NGROUPS", 16);
        // platform-facts 1.1 (st_mode of a procdesc: S_IFREG|S_IRWXU = 0100700) + sys/sys/stat.h
        e("S_IFMT", 0170000); e("S_IFREG", 0100000); e("S_IRWXU", 0700);
        // platform-facts 1.3 (spawn.h)
        e("POSIX_SPAWN_RESETIDS", 0x01); e("POSIX_SPAWN_SETPGROUP", 0x02); e("POSIX_SPAWN_SETSCHEDPARAM", 0x04);
        e("POSIX_SPAWN_SETSCHEDULER", 0x08); e("POSIX_SPAWN_SETSIGDEF", 0x10); e("POSIX_SPAWN_SETSIGMASK", 0x20);
        e("POSIX_SPAWN_DISABLE_ASLR_NP", 0x40); e("SPAWN_HANDLE_SIZE", 8);
        // platform-facts 1.1 (procdesc.h, syscall numbers)
        e("PD_DAEMON", 0x1); e("PD_CLOEXEC", 0x2); e("PD_ALLOWED_AT_FORK", 0x3);
        e("SYS_PDFORK", 518); e("SYS_PDKILL", 519); e("SYS_PDGETPID", 520); e("SYS_PDRFORK", 600); e("SYS_PDWAIT", 601);
        // platform-facts 1.4 (rfork) and 1.9 (close_range)
        e("RFFDG", 0x4); e("RFPROC", 0x10); e("RFMEM", 0x20); e("RFNOWAIT", 0x40); e("RFCFDG", 0x1000);
        e("RFTHREAD", 0x2000); e("RFSIGSHARE", 0x4000); e("RFTSIGZMB", 0x80000); e("RFPROCDESC", 0x10000000);
        e("RFSPAWN", 0x80000000L); e("SYS_RFORK", 251); e("CLOSE_RANGE_CLOEXEC", 0x4); e("CLOSE_RANGE_CLOFORK", 0x8);
        e("SYS_CLOSE_RANGE", 575);
        // platform-facts 1.5 (kqueue)
        e("EVFILT_READ", -1); e("EVFILT_WRITE", -2); e("EVFILT_AIO", -3); e("EVFILT_VNODE", -4); e("EVFILT_PROC", -5);
        e("EVFILT_SIGNAL", -6); e("EVFILT_TIMER", -7); e("EVFILT_PROCDESC", -8); e("EVFILT_FS", -9);
        e("EVFILT_LIO", -10); e("EVFILT_USER", -11);
        e("EV_ADD", 0x1); e("EV_DELETE", 0x2); e("EV_ENABLE", 0x4); e("EV_DISABLE", 0x8); e("EV_ONESHOT", 0x10);
        e("EV_CLEAR", 0x20); e("EV_RECEIPT", 0x40); e("EV_DISPATCH", 0x80); e("EV_ERROR", 0x4000); e("EV_EOF", 0x8000);
        e("NOTE_EXIT", 0x80000000L); e("NOTE_FORK", 0x40000000); e("NOTE_EXEC", 0x20000000);
        e("NOTE_PCTRLMASK", 0xf0000000L); e("NOTE_PDATAMASK", 0x000fffff); e("NOTE_TRACK", 0x1);
        e("NOTE_FFNOP", 0); e("NOTE_FFAND", 0x40000000); e("NOTE_FFOR", 0x80000000L); e("NOTE_FFCOPY", 0xc0000000L);
        e("NOTE_TRIGGER", 0x01000000); e("KQUEUE_CLOEXEC", 0x1); e("SYS_KQUEUE", 362); e("SYS_KEVENT", 560);
        // platform-facts 1.6 (wait)
        e("WNOHANG", 1); e("WUNTRACED", 2); e("WSTOPPED", 2); e("WCONTINUED", 4); e("WNOWAIT", 8); e("WEXITED", 16);
        e("WTRAPPED", 32); e("W_STOPPED_CODE", 0177); e("W_CONTINUED_STATUS", 0x13); e("WCOREFLAG", 0200);
        e("P_PID", 0); e("P_PPID", 1); e("P_PGID", 2); e("P_SID", 3); e("P_CID", 4); e("P_UID", 5); e("P_GID", 6);
        e("P_ALL", 7); e("P_LWPID", 8); e("P_JAILID", 12); e("SYS_WAIT4", 7); e("SYS_WAIT6", 532);
        // platform-facts 1.7 (procctl)
        e("PROC_SPROTECT", 1); e("PROC_REAP_ACQUIRE", 2); e("PROC_REAP_RELEASE", 3); e("PROC_REAP_STATUS", 4);
        e("PROC_REAP_GETPIDS", 5); e("PROC_REAP_KILL", 6); e("PROC_TRACE_CTL", 7); e("PROC_TRACE_STATUS", 8);
        e("PROC_TRAPCAP_CTL", 9); e("PROC_TRAPCAP_STATUS", 10); e("PROC_PDEATHSIG_CTL", 11);
        e("PROC_PDEATHSIG_STATUS", 12); e("PROC_ASLR_CTL", 13); e("PROC_NO_NEW_PRIVS_CTL", 19); e("SYS_PROCCTL", 544);
        e("REAPER_KILL_CHILDREN", 0x1); e("REAPER_KILL_SUBTREE", 0x2); e("REAPER_STATUS_OWNED", 0x1);
        e("REAPER_STATUS_REALINIT", 0x2); e("REAPER_PIDINFO_VALID", 0x1); e("REAPER_PIDINFO_CHILD", 0x2);
        e("REAPER_PIDINFO_REAPER", 0x4); e("REAPER_PIDINFO_ZOMBIE", 0x8); e("REAPER_PIDINFO_STOPPED", 0x10);
        e("REAPER_PIDINFO_EXITING", 0x20);
        // sys/sys/sysctl.h (kinfo_proc lookup)
        e("CTL_KERN", 1); e("KERN_PROC", 14); e("KERN_PROC_PID", 1);
        // platform-facts 1.8 (getsockopt syscall)
        e("SYS_GETSOCKOPT", 118);
    }

    /** A constant's value as an unsigned-agnostic long (ints compared by their 32 bits). */
    private static long valueOf(Field f) throws IllegalAccessException {
        Object v = f.get(null);
        if (v instanceof Integer i) return i;
        if (v instanceof Short s) return s;
        if (v instanceof Long l) return l;
        throw new AssertionError(f.getName() + " has unexpected type " + f.getType());
    }

    private static boolean sameNumber(long expected, long actual, Class<?> type) {
        if (type == int.class) return (int) expected == (int) actual;
        if (type == short.class) return (short) expected == (short) actual && expected >= Short.MIN_VALUE && expected <= 0xffff;
        return expected == actual;
    }

    @Test
    void everyConstantMatchesPlatformFacts() throws Exception {
        TreeSet<String> unpinned = new TreeSet<>(); 
        Map<String, String> wrong = new LinkedHashMap<>();
        for (Field f : FreeBsdConstants.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (!Modifier.isStatic(m) || !Modifier.isFinal(m) || !Modifier.isPublic(m)) continue;
            Long expected = EXPECTED.get(f.getName());
            if (expected == null) {
                unpinned.add(f.getName());
                continue;
            }
            long actual = valueOf(f);
            if (!sameNumber(expected, actual, f.getType())) wrong.put(f.getName(), "expected " + expected + ", is " + actual);
        }
        assertThat(unpinned).as("constants without an expected value in this test").isEmpty();
        assertThat(wrong).as("constants that drifted from platform-facts.md").isEmpty();
    }

    @Test
    void everyExpectedValueHasAConstant() {
        TreeSet<String> declared = new TreeSet<>();
        for (Field f : FreeBsdConstants.class.getDeclaredFields()) declared.add(f.getName());
        assertThat(declared).containsAll(EXPECTED.keySet());
    }

    @Test
    void kqueueFiltersAndSpawnFlagsHaveTheirCTypes() throws Exception {
        // filter is a C short in struct kevent; the spawn flags argument is a C short (platform-facts 1.3, 1.5)
        for (String name : new String[] {"EVFILT_READ", "EVFILT_PROC", "EVFILT_PROCDESC", "EVFILT_USER"}) {
            assertThat(FreeBsdConstants.class.getField(name).getType()).as(name).isEqualTo(short.class);
        }
        for (String name : new String[] {"POSIX_SPAWN_SETSIGDEF", "POSIX_SPAWN_SETSIGMASK"}) {
            assertThat(FreeBsdConstants.class.getField(name).getType()).as(name).isEqualTo(short.class);
        }
    }

    @Test
    void numbersThatDifferFromLinuxAreTheFreeBsdOnes() {
        // platform-facts pitfall 8: the values that a Linux number would get wrong
        assertThat(FreeBsdConstants.EAGAIN).isEqualTo(35).isNotEqualTo(11);
        assertThat(FreeBsdConstants.ENOSYS).isEqualTo(78).isNotEqualTo(38);
        assertThat(FreeBsdConstants.SIGCHLD).isEqualTo(20).isNotEqualTo(17);
        assertThat(FreeBsdConstants.SIGUSR1).isEqualTo(30).isNotEqualTo(10);
        assertThat(FreeBsdConstants.WEXITED).isEqualTo(16).isNotEqualTo(4);
        assertThat(FreeBsdConstants.P_ALL).isEqualTo(7).isNotEqualTo(0);
        assertThat(FreeBsdConstants.O_CLOEXEC).isEqualTo(0x00100000).isNotEqualTo(0x80000);
        assertThat(FreeBsdConstants.SOL_SOCKET).isEqualTo(0xffff).isNotEqualTo(1);
    }

    @Test
    void fdConstantsCarryTheFreeBsdValues() {
        FdConstants c = FreeBsdConstants.fdConstants();
        assertThat(c).isEqualTo(new FdConstants(0x1, 0x200, 0x400, 0x8, 0x00100000, 0x4, 3, 4, 35, 4));
    }
}
