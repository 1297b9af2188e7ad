package org.pdsup.procdesc.freebsd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import jnr.ffi.LibraryLoader;

/**
 * A small C library, compiled here with the system C compiler, that plays FreeBSD's libc for the binding:
 * it defines the FreeBSD-only functions with their exact FreeBSD prototypes (and FreeBSD struct replicas
 * transcribed from the cited headers), records the arguments each call received as the C side saw them, and
 * fills out-parameters the way the kernel would. Used to check what jnr-ffi actually passes (int64 id_t, the
 * sixth kevent argument, a variadic fcntl long, C shorts) and that the Java decoders read what C wrote; it is
 * not a model of FreeBSD's behaviour.
 */
final class FreeBsdAbiStub {
    private FreeBsdAbiStub() {}

    /** Reads back what the stub recorded. */
    public interface Recorder {
        /** Argument {@code i} of the last call, widened to 64 bits by the C side. */
        long stub_arg(int i);

        /** Name of the last function called. */
        String stub_name();

        /** A string the last call received (path, envp[0], ...). */
        String stub_str();

        /** offsetof/sizeof of a FreeBSD struct replica, by "struct.field" or "struct" name; -1 unknown. */
        long stub_layout(String what);

        /** Sets the behaviour knob the next call reads (e.g. how large a buffer must be). */
        void stub_set(int knob, long value);
    }

    static final String SOURCE = """
            #include <stddef.h>
            #include <stdint.h>
            #include <string.h>
            #include <stdarg.h>

            /* ---- replicas of FreeBSD types and structs (amd64/arm64), from the headers named ---- */
            typedef uint16_t fb_mode_t;             /* sys/sys/_types.h __mode_t */
            typedef uint32_t fb_uid_t, fb_gid_t;    /* sys/sys/_types.h */
            typedef int32_t fb_pid_t;
            typedef int64_t fb_time_t;
            typedef uint32_t fb_socklen_t;
            struct fb_timespec { fb_time_t tv_sec; long tv_nsec; };
            struct fb_timeval { fb_time_t tv_sec; long tv_usec; };
            /* sys/sys/event.h */
            struct fb_kevent { uintptr_t ident; short filter; unsigned short flags; unsigned int fflags;
                int64_t data; void *udata; uint64_t ext[4]; };
            /* sys/sys/resource.h */
            struct fb_rusage { struct fb_timeval ru_utime, ru_stime; long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss,
                ru_minflt, ru_majflt, ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw,
                ru_nivcsw; };
            struct fb_wrusage { struct fb_rusage wru_self, wru_children; };
            /* sys/sys/signal.h */
            union fb_sigval { int sival_int; void *sival_ptr; };
            struct fb_siginfo { int si_signo, si_errno, si_code; fb_pid_t si_pid; fb_uid_t si_uid; int si_status;
                void *si_addr; union fb_sigval si_value; union { struct { int _trapno; } _fault;
                struct { int _timerid; int _overrun; } _timer; struct { int _mqd; } _mesgq; struct { long _band; } _poll;
                struct { long __spare1__; int __spare2__[7]; } __spare__; } _reason; };
            /* sys/sys/ucred.h */
            struct fb_xucred { unsigned int cr_version; fb_uid_t cr_uid; short cr_ngroups; fb_gid_t cr_groups[16];
                union { void *_cr_unused1; fb_pid_t cr_pid; } _cr; };
            /* sys/sys/_iovec.h, sys/sys/socket.h */
            struct fb_iovec { void *iov_base; size_t iov_len; };
            struct fb_msghdr { void *msg_name; fb_socklen_t msg_namelen; struct fb_iovec *msg_iov; int msg_iovlen;
                void *msg_control; fb_socklen_t msg_controllen; int msg_flags; };
            struct fb_cmsghdr { fb_socklen_t cmsg_len; int cmsg_level; int cmsg_type; };
            #define FB_ALIGNBYTES (sizeof(long) - 1)     /* sys/amd64/include/_align.h: sizeof(__register_t) - 1 */
            #define FB_ALIGN(p) (((uintptr_t)(p) + FB_ALIGNBYTES) & ~FB_ALIGNBYTES)
            #define FB_CMSG_DATA(c) ((unsigned char *)(c) + FB_ALIGN(sizeof(struct fb_cmsghdr)))
            #define FB_CMSG_SPACE(l) (FB_ALIGN(sizeof(struct fb_cmsghdr)) + FB_ALIGN(l))
            #define FB_CMSG_LEN(l) (FB_ALIGN(sizeof(struct fb_cmsghdr)) + (l))
            #define FB_SOL_SOCKET 0xffff
            #define FB_SCM_RIGHTS 0x01
            /* sys/sys/stat.h (FreeBSD 12+) */
            struct fb_stat { uint64_t st_dev, st_ino, st_nlink; fb_mode_t st_mode; int16_t st_padding0;
                fb_uid_t st_uid; fb_gid_t st_gid; int32_t st_padding1; uint64_t st_rdev;
                struct fb_timespec st_atim, st_mtim, st_ctim, st_birthtim; int64_t st_size, st_blocks;
                int32_t st_blksize; uint32_t st_flags; uint64_t st_gen; uint64_t st_spare[10]; };
            /* include/pwd.h, include/grp.h */
            struct fb_passwd { char *pw_name; char *pw_passwd; fb_uid_t pw_uid; fb_gid_t pw_gid; fb_time_t pw_change;
                char *pw_class; char *pw_gecos; char *pw_dir; char *pw_shell; fb_time_t pw_expire; int pw_fields; };
            struct fb_group { char *gr_name; char *gr_passwd; fb_gid_t gr_gid; char **gr_mem; };
            /* sys/sys/procctl.h */
            struct fb_reaper_pidinfo { fb_pid_t pi_pid, pi_subtree; unsigned pi_flags; unsigned pi_pad0[15]; };
            struct fb_reaper_pids { unsigned rp_count; unsigned rp_pad0[15]; struct fb_reaper_pidinfo *rp_pids; };
            /* sys/sys/user.h (KI_NSPARE_INT 2, KI_NSPARE_LONG 12, KI_NSPARE_PTR 5) */
            typedef struct { uint32_t __bits[4]; } fb_sigset_t;
            struct fb_priority { unsigned char pri_class, pri_level, pri_native, pri_user; };
            struct fb_kinfo_proc {
                int ki_structsize; int ki_layout; void *ki_args, *ki_paddr, *ki_addr, *ki_tracep, *ki_textvp, *ki_fd,
                *ki_vmspace; const void *ki_wchan; fb_pid_t ki_pid, ki_ppid, ki_pgid, ki_tpgid, ki_sid, ki_tsid;
                short ki_jobc, ki_spare_short1; uint32_t ki_tdev_freebsd11;
                fb_sigset_t ki_siglist, ki_sigmask, ki_sigignore, ki_sigcatch;
                fb_uid_t ki_uid, ki_ruid, ki_svuid; fb_gid_t ki_rgid, ki_svgid; short ki_ngroups, ki_spare_short2;
                fb_gid_t ki_groups[16]; uint64_t ki_size; int64_t ki_rssize, ki_swrss, ki_tsize, ki_dsize, ki_ssize;
                unsigned short ki_xstat, ki_acflag; uint32_t ki_pctcpu; unsigned ki_estcpu, ki_slptime, ki_swtime, ki_cow;
                uint64_t ki_runtime; struct fb_timeval ki_start, ki_childtime; long ki_flag, ki_kiflag; int ki_traceflag;
                char ki_stat; signed char ki_nice; char ki_lock, ki_rqindex; unsigned char ki_oncpu_old, ki_lastcpu_old;
                char ki_tdname[17], ki_wmesg[9], ki_login[18], ki_lockname[9], ki_comm[20], ki_emul[17],
                ki_loginclass[18], ki_moretdname[4], ki_sparestrings[46]; int ki_spareints[2]; uint64_t ki_tdev;
                int ki_oncpu, ki_lastcpu, ki_tracer, ki_flag2, ki_fibnum; unsigned ki_cr_flags; int ki_jid, ki_numthreads;
                int32_t ki_tid; struct fb_priority ki_pri; struct fb_rusage ki_rusage, ki_rusage_ch;
                void *ki_pcb, *ki_kstack, *ki_udata, *ki_tdaddr, *ki_pd; void *ki_spareptrs[5]; long ki_sparelongs[12];
                long ki_sflag, ki_tdflags; };

            /* ---- recorder ---- */
            static long long g_args[8];
            static char g_name[64];
            static char g_str[256];
            static long long g_knob[8];
            static void rec(const char *name) { memset(g_args, 0, sizeof g_args); strncpy(g_name, name, 63); g_str[0] = 0; }
            static void str(const char *s) { if (s) { strncpy(g_str, s, 255); g_str[255] = 0; } }
            long long stub_arg(int i) { return g_args[i]; }
            const char *stub_name(void) { return g_name; }
            const char *stub_str(void) { return g_str; }
            void stub_set(int knob, long long v) { g_knob[knob] = v; }

            #define L(s, f) if (!strcmp(what, #s "." #f)) return (long long)offsetof(struct s, f);
            #define Z(s) if (!strcmp(what, #s)) return (long long)sizeof(struct s);
            long long stub_layout(const char *what) {
                L(fb_kevent, filter) L(fb_kevent, flags) L(fb_kevent, fflags) L(fb_kevent, data) L(fb_kevent, udata)
                L(fb_kevent, ext) Z(fb_kevent)
                L(fb_rusage, ru_stime) L(fb_rusage, ru_maxrss) L(fb_rusage, ru_nivcsw) Z(fb_rusage)
                L(fb_wrusage, wru_children) Z(fb_wrusage)
                L(fb_siginfo, si_pid) L(fb_siginfo, si_status) L(fb_siginfo, si_addr) L(fb_siginfo, si_value)
                L(fb_siginfo, _reason) Z(fb_siginfo)
                L(fb_xucred, cr_ngroups) L(fb_xucred, cr_groups) L(fb_xucred, _cr) Z(fb_xucred)
                L(fb_msghdr, msg_iov) L(fb_msghdr, msg_iovlen) L(fb_msghdr, msg_control) L(fb_msghdr, msg_controllen)
                L(fb_msghdr, msg_flags) Z(fb_msghdr) Z(fb_cmsghdr) Z(fb_iovec)
                if (!strcmp(what, "CMSG_DATA")) return (long long)FB_ALIGN(sizeof(struct fb_cmsghdr));
                if (!strcmp(what, "CMSG_LEN(4)")) return (long long)FB_CMSG_LEN(4);
                if (!strcmp(what, "CMSG_SPACE(4)")) return (long long)FB_CMSG_SPACE(4);
                L(fb_stat, st_mode) L(fb_stat, st_uid) L(fb_stat, st_birthtim) L(fb_stat, st_size) L(fb_stat, st_gen)
                Z(fb_stat)
                L(fb_passwd, pw_uid) L(fb_passwd, pw_gid) L(fb_passwd, pw_dir) L(fb_passwd, pw_fields) Z(fb_passwd)
                L(fb_group, gr_gid) L(fb_group, gr_mem) Z(fb_group)
                L(fb_reaper_pids, rp_pids) Z(fb_reaper_pids) Z(fb_reaper_pidinfo)
                L(fb_kinfo_proc, ki_pid) L(fb_kinfo_proc, ki_ppid) L(fb_kinfo_proc, ki_start) Z(fb_kinfo_proc)
                return -1;
            }

            /* ---- FreeBSD-only functions with their FreeBSD prototypes ---- */
            int kevent(int kq, const struct fb_kevent *ch, int nch, struct fb_kevent *ev, int nev,
                       const struct fb_timespec *timeout) {
                rec("kevent"); g_args[0] = kq; g_args[1] = (long long)(uintptr_t)ch; g_args[2] = nch;
                g_args[3] = (long long)(uintptr_t)ev; g_args[4] = nev; g_args[5] = (long long)(uintptr_t)timeout;
                if (ch && nch > 0) { g_args[6] = ch[0].filter; g_args[7] = (long long)(uintptr_t)ch[0].udata; }
                if (ev && nev > 0) { memset(ev, 0, sizeof *ev); ev[0].ident = 7; ev[0].filter = -8; ev[0].flags = 0x8010;
                    ev[0].fflags = 0x80000000u; ev[0].data = (2 << 8); ev[0].udata = (void *)0x1234; return 1; }
                return 0;
            }
            int procctl(int idtype, int64_t id, int cmd, void *data) {
                rec("procctl"); g_args[0] = idtype; g_args[1] = id; g_args[2] = cmd; g_args[3] = (long long)(uintptr_t)data;
                return 0;
            }
            int fcntl(int fd, int cmd, ...) {
                va_list ap; va_start(ap, cmd); long arg = va_arg(ap, long); va_end(ap);   /* lib/libc/sys/fcntl.c */
                rec("fcntl"); g_args[0] = fd; g_args[1] = cmd; g_args[2] = arg; return 0;
            }
            int pdkill(int fd, int signum) { rec("pdkill"); g_args[0] = fd; g_args[1] = signum; return 0; }
            int pdgetpid(int fd, fb_pid_t *pidp) { rec("pdgetpid"); g_args[0] = fd; *pidp = 4242; return 0; }
            int pdwait(int fd, int *status, int options, struct fb_wrusage *wru, struct fb_siginfo *info) {
                rec("pdwait"); g_args[0] = fd; g_args[2] = options; g_args[3] = (long long)(uintptr_t)wru;
                g_args[4] = (long long)(uintptr_t)info;
                *status = (3 << 8);
                memset(wru, 0, sizeof *wru); wru->wru_self.ru_utime.tv_sec = 2; wru->wru_self.ru_utime.tv_usec = 500000;
                wru->wru_self.ru_stime.tv_usec = 250000; wru->wru_self.ru_maxrss = 2048; wru->wru_children.ru_maxrss = 9;
                info->si_signo = 20; info->si_pid = 4242; info->si_code = 1; info->si_status = 3;
                return 0;
            }
            int wait4(int pid, int *status, int options, struct fb_rusage *ru) {
                rec("wait4"); g_args[0] = pid; g_args[2] = options; g_args[3] = (long long)(uintptr_t)ru;
                if (g_knob[1] == 0) return 0;                          /* knob 1: 0 = still running */
                if (status) *status = (int)g_knob[1];
                if (ru) { memset(ru, 0, sizeof *ru); ru->ru_utime.tv_sec = 1; ru->ru_maxrss = 100; }
                return pid;
            }
            int fstat(int fd, struct fb_stat *sb) {
                rec("fstat"); g_args[0] = fd; memset(sb, 0, sizeof *sb);
                sb->st_mode = (fb_mode_t)g_knob[0];                     /* knob 0: st_mode */
                sb->st_birthtim.tv_sec = 1700000000; sb->st_birthtim.tv_nsec = 123456789;
                sb->st_atim = sb->st_birthtim; sb->st_size = -1;
                return 0;
            }
            int sysctl(const int *name, unsigned namelen, void *oldp, size_t *oldlenp, const void *newp, size_t newlen) {
                rec("sysctl"); g_args[0] = name[0]; g_args[1] = name[1]; g_args[2] = name[2]; g_args[3] = name[3];
                g_args[4] = namelen; g_args[5] = (long long)*oldlenp; g_args[6] = (long long)(uintptr_t)newp;
                g_args[7] = (long long)newlen;
                struct fb_kinfo_proc *kp = oldp; memset(kp, 0, sizeof *kp);
                kp->ki_structsize = sizeof *kp; kp->ki_pid = name[3]; kp->ki_ppid = 1;
                kp->ki_start.tv_sec = 1700000000; kp->ki_start.tv_usec = 654321;
                *oldlenp = sizeof *kp;
                return 0;
            }
            int posix_spawnattr_setflags(void *attr, short flags) {
                rec("posix_spawnattr_setflags"); g_args[0] = (long long)(uintptr_t)attr; g_args[1] = flags; return 0;
            }
            int posix_spawnattr_setprocdescp_np(void *attr, int *fdp, int flags) {
                rec("posix_spawnattr_setprocdescp_np"); g_args[0] = (long long)(uintptr_t)attr;
                g_args[1] = (long long)(uintptr_t)fdp; g_args[2] = flags; return 0;
            }
            int posix_spawn_file_actions_addopen(void *fa, int fd, const char *path, int oflag, fb_mode_t mode) {
                rec("posix_spawn_file_actions_addopen"); g_args[0] = (long long)(uintptr_t)fa; g_args[1] = fd;
                g_args[2] = oflag; g_args[3] = mode; str(path); return 0;
            }
            int posix_spawn_file_actions_addclosefrom_np(void *fa, int from) {
                rec("posix_spawn_file_actions_addclosefrom_np"); g_args[1] = from; return 0;
            }
            int posix_spawn(fb_pid_t *pid, const char *path, const void *fa, const void *attr, char *const argv[],
                            char *const envp[]) {
                rec("posix_spawn"); g_args[1] = (long long)(uintptr_t)fa; g_args[2] = (long long)(uintptr_t)attr;
                int n = 0; while (argv[n]) n++; g_args[3] = n;
                int m = 0; while (envp[m]) m++; g_args[4] = m;
                str(envp[0] ? envp[0] : path); *pid = 4321; return 0;
            }
            long recvmsg(int s, struct fb_msghdr *msg, int flags) {
                rec("recvmsg"); g_args[0] = s; g_args[1] = flags; g_args[2] = msg->msg_iovlen;
                g_args[3] = msg->msg_controllen;
                int32_t pid = 5150; memcpy(msg->msg_iov[0].iov_base, &pid, sizeof pid);
                struct fb_cmsghdr *c = msg->msg_control;
                c->cmsg_len = FB_CMSG_LEN(sizeof(int)); c->cmsg_level = FB_SOL_SOCKET; c->cmsg_type = FB_SCM_RIGHTS;
                int fd = 42; memcpy(FB_CMSG_DATA(c), &fd, sizeof fd);
                msg->msg_controllen = FB_CMSG_SPACE(sizeof(int)); msg->msg_flags = 0;
                return sizeof pid;
            }
            static char *put(char **cursor, const char *s) { char *p = *cursor; strcpy(p, s); *cursor += strlen(s) + 1; return p; }
            int getpwnam_r(const char *name, struct fb_passwd *pw, char *buf, size_t len, struct fb_passwd **result) {
                rec("getpwnam_r"); g_args[0] = (long long)len; str(name);
                if (len < (size_t)g_knob[2]) return 34;                 /* knob 2: minimum buffer, else ERANGE */
                if (strcmp(name, "alice") != 0) { *result = 0; return 0; }
                char *cur = buf; memset(pw, 0, sizeof *pw);
                pw->pw_name = put(&cur, "alice"); pw->pw_passwd = put(&cur, "*"); pw->pw_uid = 1001; pw->pw_gid = 1002;
                pw->pw_class = put(&cur, "daemon"); pw->pw_gecos = put(&cur, "Alice"); pw->pw_dir = put(&cur, "/home/alice");
                pw->pw_shell = put(&cur, "/bin/sh"); pw->pw_change = 77; pw->pw_expire = 88; pw->pw_fields = 0x3ff;
                *result = pw; return 0;
            }
            int getgrgid_r(fb_gid_t gid, struct fb_group *gr, char *buf, size_t len, struct fb_group **result) {
                rec("getgrgid_r"); g_args[0] = gid;
                char *cur = buf; memset(gr, 0, sizeof *gr);
                gr->gr_name = put(&cur, "staff"); gr->gr_passwd = put(&cur, "*"); gr->gr_gid = gid; gr->gr_mem = 0;
                *result = gr; return 0;
            }
            int getgrouplist(const char *name, fb_gid_t basegid, fb_gid_t *groups, int *ngroups) {
                rec("getgrouplist"); g_args[0] = basegid; g_args[1] = *ngroups; str(name);
                int want = (int)g_knob[3];                              /* knob 3: how many groups the user has */
                if (*ngroups < want) { *ngroups = want; return -1; }
                for (int i = 0; i < want; i++) groups[i] = 2000 + i;
                *ngroups = want; return 0;
            }
            """;

    private static Path compiled;

    /** The stub, compiled once per test JVM; null when no C compiler is available. */
    static synchronized Path library() throws IOException, InterruptedException {
        if (compiled != null) return compiled;
        Path dir = Files.createTempDirectory("pdsup-freebsd-abi");
        Path src = dir.resolve("fbstub.c");
        Path lib = dir.resolve("libfbstub.so");
        Files.writeString(src, SOURCE, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("cc", "-std=c11", "-O0", "-Wall", "-fPIC", "-shared", "-o", lib.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("cannot compile the ABI stub:\n" + out);
        }
        compiled = lib;
        return lib;
    }

    static FreeBsdLibc libc() throws IOException, InterruptedException {
        return LibraryLoader.create(FreeBsdLibc.class).load(library().toString());
    }

    static Recorder recorder() throws IOException, InterruptedException {
        return LibraryLoader.create(Recorder.class).load(library().toString());
    }

    static boolean compilerAvailable() {
        try {
            Process p = new ProcessBuilder("cc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
