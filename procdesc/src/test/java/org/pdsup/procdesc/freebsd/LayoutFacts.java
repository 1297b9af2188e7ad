package org.pdsup.procdesc.freebsd;

import java.util.ArrayList;
import java.util.List;

/**
 * Every struct offset and size of the FreeBSD layout classes, with the struct and field that spell it in
 * golang.org/x/sys ({@code ztypes_freebsd_*.go}) and in the Rust libc crate (null: that source lacks the struct).
 * Not here, because neither source has them: {@link ReaperLayouts} ({@code sys/sys/procctl.h}),
 * {@code __wrusage} ({@code sys/sys/resource.h}); {@link KinfoProcLayout} is checked against Rust's
 * {@code kinfo_proc} where its fields resolve.
 */
final class LayoutFacts {
    private LayoutFacts() {}

    enum Kind { OFFSET, FIELD_SIZE, STRUCT_SIZE }

    record Fact(String name, Kind kind, int ours, String goStruct, String goField, String rustStruct, String rustField) {}

    private static final List<Fact> FACTS = new ArrayList<>();

    private static String struct(String s) {
        return s == null ? null : s.split("\\.")[0];
    }

    private static String field(String s) {
        return s == null ? null : s.split("\\.")[1];
    }

    private static void offset(String name, int ours, String go, String rust) {
        FACTS.add(new Fact(name, Kind.OFFSET, ours, struct(go), field(go), struct(rust), field(rust)));
    }

    private static void fieldSize(String name, int ours, String go, String rust) {
        FACTS.add(new Fact(name, Kind.FIELD_SIZE, ours, struct(go), field(go), struct(rust), field(rust)));
    }

    private static void size(String name, int ours, String go, String rust) {
        FACTS.add(new Fact(name, Kind.STRUCT_SIZE, ours, go, null, rust, null));
    }

    static List<Fact> all() {
        return List.copyOf(FACTS);
    }

    static {
        // struct kevent: sys/sys/event.h
        offset("kevent.ident", KeventLayout.IDENT, "Kevent_t.Ident", "kevent.ident");
        offset("kevent.filter", KeventLayout.FILTER, "Kevent_t.Filter", "kevent.filter");
        offset("kevent.flags", KeventLayout.FLAGS, "Kevent_t.Flags", "kevent.flags");
        offset("kevent.fflags", KeventLayout.FFLAGS, "Kevent_t.Fflags", "kevent.fflags");
        offset("kevent.data", KeventLayout.DATA, "Kevent_t.Data", "kevent.data");
        offset("kevent.udata", KeventLayout.UDATA, "Kevent_t.Udata", "kevent.udata");
        offset("kevent.ext", KeventLayout.EXT, "Kevent_t.Ext", "kevent.ext");
        fieldSize("sizeof kevent.ext", KeventLayout.EXT_SIZE, "Kevent_t.Ext", "kevent.ext");
        size("sizeof(struct kevent)", KeventLayout.SIZE, "Kevent_t", "kevent");
        // struct rusage: sys/sys/resource.h
        String[][] ru = {{"UTIME", "Utime"}, {"STIME", "Stime"}, {"MAXRSS", "Maxrss"}, {"IXRSS", "Ixrss"},
            {"IDRSS", "Idrss"}, {"ISRSS", "Isrss"}, {"MINFLT", "Minflt"}, {"MAJFLT", "Majflt"}, {"NSWAP", "Nswap"},
            {"INBLOCK", "Inblock"}, {"OUBLOCK", "Oublock"}, {"MSGSND", "Msgsnd"}, {"MSGRCV", "Msgrcv"},
            {"NSIGNALS", "Nsignals"}, {"NVCSW", "Nvcsw"}, {"NIVCSW", "Nivcsw"}};
        int[] ruOurs = {RusageLayout.RU_UTIME, RusageLayout.RU_STIME, RusageLayout.RU_MAXRSS, RusageLayout.RU_IXRSS,
            RusageLayout.RU_IDRSS, RusageLayout.RU_ISRSS, RusageLayout.RU_MINFLT, RusageLayout.RU_MAJFLT,
            RusageLayout.RU_NSWAP, RusageLayout.RU_INBLOCK, RusageLayout.RU_OUBLOCK, RusageLayout.RU_MSGSND,
            RusageLayout.RU_MSGRCV, RusageLayout.RU_NSIGNALS, RusageLayout.RU_NVCSW, RusageLayout.RU_NIVCSW};
        for (int i = 0; i < ru.length; i++) {
            offset("rusage.ru_" + ru[i][0].toLowerCase(), ruOurs[i], "Rusage." + ru[i][1],
                    "rusage.ru_" + ru[i][0].toLowerCase());
        }
        size("sizeof(struct rusage)", RusageLayout.SIZE, "Rusage", "rusage");
        // struct timespec, struct timeval: sys/sys/_timespec.h, sys/sys/_timeval.h
        offset("timespec.tv_sec", TimespecLayout.TV_SEC, "Timespec.Sec", "timespec.tv_sec");
        offset("timespec.tv_nsec", TimespecLayout.TV_NSEC, "Timespec.Nsec", "timespec.tv_nsec");
        size("sizeof(struct timespec)", TimespecLayout.SIZE, "Timespec", "timespec");
        offset("timeval.tv_sec", TimespecLayout.TIMEVAL_TV_SEC, "Timeval.Sec", "timeval.tv_sec");
        offset("timeval.tv_usec", TimespecLayout.TIMEVAL_TV_USEC, "Timeval.Usec", "timeval.tv_usec");
        size("sizeof(struct timeval)", TimespecLayout.TIMEVAL_SIZE, "Timeval", "timeval");
        // struct xucred: sys/sys/ucred.h (cr_pid shares its 8 bytes with a pointer: Go names it _, Rust __cr_unused1)
        offset("xucred.cr_version", XucredLayout.CR_VERSION, "Xucred.Version", "xucred.cr_version");
        offset("xucred.cr_uid", XucredLayout.CR_UID, "Xucred.Uid", "xucred.cr_uid");
        offset("xucred.cr_ngroups", XucredLayout.CR_NGROUPS, "Xucred.Ngroups", "xucred.cr_ngroups");
        offset("xucred.cr_groups", XucredLayout.CR_GROUPS, "Xucred.Groups", "xucred.cr_groups");
        offset("xucred.cr_pid", XucredLayout.CR_PID, "Xucred._", "xucred.__cr_unused1");
        size("sizeof(struct xucred)", XucredLayout.SIZE, "Xucred", "xucred");
        // struct msghdr, iovec, cmsghdr: sys/sys/socket.h, sys/sys/_iovec.h
        offset("msghdr.msg_name", MsghdrLayout.MSG_NAME, "Msghdr.Name", "msghdr.msg_name");
        offset("msghdr.msg_namelen", MsghdrLayout.MSG_NAMELEN, "Msghdr.Namelen", "msghdr.msg_namelen");
        offset("msghdr.msg_iov", MsghdrLayout.MSG_IOV, "Msghdr.Iov", "msghdr.msg_iov");
        offset("msghdr.msg_iovlen", MsghdrLayout.MSG_IOVLEN, "Msghdr.Iovlen", "msghdr.msg_iovlen");
        offset("msghdr.msg_control", MsghdrLayout.MSG_CONTROL, "Msghdr.Control", "msghdr.msg_control");
        offset("msghdr.msg_controllen", MsghdrLayout.MSG_CONTROLLEN, "Msghdr.Controllen", "msghdr.msg_controllen");
        offset("msghdr.msg_flags", MsghdrLayout.MSG_FLAGS, "Msghdr.Flags", "msghdr.msg_flags");
        size("sizeof(struct msghdr)", MsghdrLayout.MSGHDR_SIZE, "Msghdr", "msghdr");
        offset("iovec.iov_base", MsghdrLayout.IOV_BASE, "Iovec.Base", "iovec.iov_base");
        offset("iovec.iov_len", MsghdrLayout.IOV_LEN, "Iovec.Len", "iovec.iov_len");
        size("sizeof(struct iovec)", MsghdrLayout.IOVEC_SIZE, "Iovec", "iovec");
        offset("cmsghdr.cmsg_len", MsghdrLayout.CMSG_LEN_FIELD, "Cmsghdr.Len", "cmsghdr.cmsg_len");
        offset("cmsghdr.cmsg_level", MsghdrLayout.CMSG_LEVEL, "Cmsghdr.Level", "cmsghdr.cmsg_level");
        offset("cmsghdr.cmsg_type", MsghdrLayout.CMSG_TYPE, "Cmsghdr.Type", "cmsghdr.cmsg_type");
        size("sizeof(struct cmsghdr)", MsghdrLayout.CMSGHDR_SIZE, "Cmsghdr", "cmsghdr");
        // struct stat: sys/sys/stat.h (FreeBSD 12+ layout; Rust spells the timespecs as time_t + long pairs)
        offset("stat.st_dev", StatLayout.ST_DEV, "Stat_t.Dev", "stat.st_dev");
        offset("stat.st_ino", StatLayout.ST_INO, "Stat_t.Ino", "stat.st_ino");
        offset("stat.st_nlink", StatLayout.ST_NLINK, "Stat_t.Nlink", "stat.st_nlink");
        offset("stat.st_mode", StatLayout.ST_MODE, "Stat_t.Mode", "stat.st_mode");
        fieldSize("sizeof stat.st_mode", 2, "Stat_t.Mode", "stat.st_mode");
        offset("stat.st_uid", StatLayout.ST_UID, "Stat_t.Uid", "stat.st_uid");
        offset("stat.st_gid", StatLayout.ST_GID, "Stat_t.Gid", "stat.st_gid");
        offset("stat.st_rdev", StatLayout.ST_RDEV, "Stat_t.Rdev", "stat.st_rdev");
        offset("stat.st_atim", StatLayout.ST_ATIM, "Stat_t.Atim", "stat.st_atime");
        offset("stat.st_mtim", StatLayout.ST_MTIM, "Stat_t.Mtim", "stat.st_mtime");
        offset("stat.st_ctim", StatLayout.ST_CTIM, "Stat_t.Ctim", "stat.st_ctime");
        offset("stat.st_birthtim", StatLayout.ST_BIRTHTIM, "Stat_t.Btim", "stat.st_birthtime");
        offset("stat.st_size", StatLayout.ST_SIZE, "Stat_t.Size", "stat.st_size");
        offset("stat.st_blocks", StatLayout.ST_BLOCKS, "Stat_t.Blocks", "stat.st_blocks");
        offset("stat.st_blksize", StatLayout.ST_BLKSIZE, "Stat_t.Blksize", "stat.st_blksize");
        offset("stat.st_flags", StatLayout.ST_FLAGS, "Stat_t.Flags", "stat.st_flags");
        offset("stat.st_gen", StatLayout.ST_GEN, "Stat_t.Gen", "stat.st_gen");
        offset("stat.st_spare", StatLayout.ST_SPARE, "Stat_t.Spare", "stat.st_spare");
        size("sizeof(struct stat)", StatLayout.SIZE, "Stat_t", "stat");
        // siginfo_t: sys/sys/signal.h (golang.org/x/sys has no FreeBSD siginfo)
        offset("siginfo.si_signo", SiginfoLayout.SI_SIGNO, null, "siginfo_t.si_signo");
        offset("siginfo.si_errno", SiginfoLayout.SI_ERRNO, null, "siginfo_t.si_errno");
        offset("siginfo.si_code", SiginfoLayout.SI_CODE, null, "siginfo_t.si_code");
        offset("siginfo.si_pid", SiginfoLayout.SI_PID, null, "siginfo_t.si_pid");
        offset("siginfo.si_uid", SiginfoLayout.SI_UID, null, "siginfo_t.si_uid");
        offset("siginfo.si_status", SiginfoLayout.SI_STATUS, null, "siginfo_t.si_status");
        offset("siginfo.si_addr", SiginfoLayout.SI_ADDR, null, "siginfo_t.si_addr");
        offset("siginfo.si_value", SiginfoLayout.SI_VALUE, null, "siginfo_t.si_value");
        offset("siginfo._reason", SiginfoLayout.REASON, null, "siginfo_t._pad1");
        size("sizeof(siginfo_t)", SiginfoLayout.SIZE, null, "siginfo_t");
        // struct passwd (include/pwd.h), struct group (include/grp.h): golang.org/x/sys has neither
        String[] pw = {"name", "passwd", "uid", "gid", "change", "class", "gecos", "dir", "shell", "expire", "fields"};
        int[] pwOurs = {PasswdLayout.PW_NAME, PasswdLayout.PW_PASSWD, PasswdLayout.PW_UID, PasswdLayout.PW_GID,
            PasswdLayout.PW_CHANGE, PasswdLayout.PW_CLASS, PasswdLayout.PW_GECOS, PasswdLayout.PW_DIR,
            PasswdLayout.PW_SHELL, PasswdLayout.PW_EXPIRE, PasswdLayout.PW_FIELDS};
        for (int i = 0; i < pw.length; i++) offset("passwd.pw_" + pw[i], pwOurs[i], null, "passwd.pw_" + pw[i]);
        size("sizeof(struct passwd)", PasswdLayout.SIZE, null, "passwd");
        offset("group.gr_name", GroupLayout.GR_NAME, null, "group.gr_name");
        offset("group.gr_passwd", GroupLayout.GR_PASSWD, null, "group.gr_passwd");
        offset("group.gr_gid", GroupLayout.GR_GID, null, "group.gr_gid");
        offset("group.gr_mem", GroupLayout.GR_MEM, null, "group.gr_mem");
        size("sizeof(struct group)", GroupLayout.SIZE, null, "group");
        // struct sockaddr_un: sys/sys/un.h
        offset("sockaddr_un.sun_len", FreeBsdSocketConstants.SUN_LEN_OFFSET, "RawSockaddrUnix.Len", "sockaddr_un.sun_len");
        offset("sockaddr_un.sun_family", FreeBsdSocketConstants.SUN_FAMILY_OFFSET, "RawSockaddrUnix.Family",
                "sockaddr_un.sun_family");
        fieldSize("sizeof sockaddr_un.sun_family", FreeBsdSocketConstants.SUN_FAMILY_SIZE, "RawSockaddrUnix.Family",
                "sockaddr_un.sun_family");
        offset("sockaddr_un.sun_path", FreeBsdSocketConstants.SUN_PATH_OFFSET, "RawSockaddrUnix.Path",
                "sockaddr_un.sun_path");
        fieldSize("sizeof sockaddr_un.sun_path", FreeBsdSocketConstants.SUN_PATH_SIZE, "RawSockaddrUnix.Path",
                "sockaddr_un.sun_path");
        // struct kinfo_proc: sys/sys/user.h (golang.org/x/sys has only an older, partial KinfoProc)
        offset("kinfo_proc.ki_structsize", KinfoProcLayout.KI_STRUCTSIZE, null, "kinfo_proc.ki_structsize");
        offset("kinfo_proc.ki_pid", KinfoProcLayout.KI_PID, null, "kinfo_proc.ki_pid");
        offset("kinfo_proc.ki_ppid", KinfoProcLayout.KI_PPID, null, "kinfo_proc.ki_ppid");
        offset("kinfo_proc.ki_start", KinfoProcLayout.KI_START, null, "kinfo_proc.ki_start");
        size("sizeof(struct kinfo_proc)", KinfoProcLayout.SIZE, null, "kinfo_proc");
    }
}
