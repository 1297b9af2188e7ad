package org.pdsup.procdesc.freebsd;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins every offset and size of the FreeBSD struct layout classes twice: against the numbers of
 * shared/platform-facts.md (section per struct; structs it does not list against the cited header), and against
 * the same struct laid out by {@link CStruct} from the header's field list, so a typo in either fails.
 * Every public int constant of a layout class must have an expected value here.
 */
class StructLayoutsTest {

    private static final int I16 = 2, I32 = 4, I64 = 8, PTR = 8, LONG = 8;

    private static void assertPinned(Class<?> layout, Map<String, Integer> expected) throws Exception {
        TreeSet<String> unpinned = new TreeSet<>();
        Map<String, String> wrong = new LinkedHashMap<>();
        for (Field f : layout.getDeclaredFields()) {
            int m = f.getModifiers();
            if (!Modifier.isStatic(m) || !Modifier.isFinal(m) || !Modifier.isPublic(m) || f.getType() != int.class) continue;
            Integer e = expected.get(f.getName());
            if (e == null) unpinned.add(f.getName());
            else if (f.getInt(null) != e) wrong.put(f.getName(), "expected " + e + ", is " + f.getInt(null));
        }
        assertThat(unpinned).as(layout.getSimpleName() + " constants without an expected value").isEmpty();
        assertThat(wrong).as(layout.getSimpleName() + " offsets that drifted").isEmpty();
        for (String name : expected.keySet()) {
            assertThat(layout.getField(name)).as(layout.getSimpleName() + "." + name).isNotNull();
        }
    }

    private static Map<String, Integer> m(Object... kv) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) out.put((String) kv[i], (Integer) kv[i + 1]);
        return out;
    }

    static CStruct timeval() {
        return CStruct.of().f("tv_sec", I64).f("tv_usec", LONG);
    }

    static CStruct rusage() {
        CStruct s = CStruct.of().nested("ru_utime", timeval()).nested("ru_stime", timeval());
        for (String n : new String[] {"ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt",
                "ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw"}) {
            s.f(n, LONG);
        }
        return s;
    }

    @Test
    void kevent() throws Exception {
        // platform-facts 1.5: 64-byte struct kevent since FreeBSD 12
        assertPinned(KeventLayout.class, m("IDENT", 0, "FILTER", 8, "FLAGS", 10, "FFLAGS", 12, "DATA", 16, "UDATA", 24,
                "EXT", 32, "EXT_SIZE", 32, "SIZE", 64, "SIZE_FREEBSD11", 32));
        CStruct c = CStruct.of().f("ident", PTR).f("filter", I16).f("flags", I16).f("fflags", I32).f("data", I64)
                .f("udata", PTR).arr("ext", I64, 4);
        assertThat(c.offset("filter")).isEqualTo(KeventLayout.FILTER);
        assertThat(c.offset("flags")).isEqualTo(KeventLayout.FLAGS);
        assertThat(c.offset("fflags")).isEqualTo(KeventLayout.FFLAGS);
        assertThat(c.offset("data")).isEqualTo(KeventLayout.DATA);
        assertThat(c.offset("udata")).isEqualTo(KeventLayout.UDATA);
        assertThat(c.offset("ext")).isEqualTo(KeventLayout.EXT);
        assertThat(c.size()).isEqualTo(KeventLayout.SIZE);
    }

    @Test
    void timespecAndTimeval() throws Exception {
        // platform-facts 1.5: timespec = {int64 tv_sec @0, long tv_nsec @8}, 16 bytes
        assertPinned(TimespecLayout.class, m("TV_SEC", 0, "TV_NSEC", 8, "SIZE", 16,
                "TIMEVAL_TV_SEC", 0, "TIMEVAL_TV_USEC", 8, "TIMEVAL_SIZE", 16));
        assertThat(timeval().size()).isEqualTo(16);
    }

    @Test
    void rusageAndWrusage() throws Exception {
        // platform-facts 1.6: rusage 144 bytes, __wrusage 288 (wru_self @0, wru_children @144)
        assertPinned(RusageLayout.class, m("RU_UTIME", 0, "RU_STIME", 16, "RU_MAXRSS", 32, "RU_IXRSS", 40,
                "RU_IDRSS", 48, "RU_ISRSS", 56, "RU_MINFLT", 64, "RU_MAJFLT", 72, "RU_NSWAP", 80, "RU_INBLOCK", 88,
                "RU_OUBLOCK", 96, "RU_MSGSND", 104, "RU_MSGRCV", 112, "RU_NSIGNALS", 120, "RU_NVCSW", 128,
                "RU_NIVCSW", 136, "SIZE", 144, "WRU_SELF", 0, "WRU_CHILDREN", 144, "WRUSAGE_SIZE", 288));
        CStruct r = rusage();
        assertThat(r.offset("ru_stime")).isEqualTo(RusageLayout.RU_STIME);
        assertThat(r.offset("ru_maxrss")).isEqualTo(RusageLayout.RU_MAXRSS);
        assertThat(r.offset("ru_nivcsw")).isEqualTo(RusageLayout.RU_NIVCSW);
        assertThat(r.size()).isEqualTo(RusageLayout.SIZE);
        CStruct w = CStruct.of().nested("wru_self", rusage()).nested("wru_children", rusage());
        assertThat(w.offset("wru_children")).isEqualTo(RusageLayout.WRU_CHILDREN);
        assertThat(w.size()).isEqualTo(RusageLayout.WRUSAGE_SIZE);
    }

    @Test
    void siginfo() throws Exception {
        // platform-facts 1.6: FreeBSD siginfo_t 80 bytes, si_pid @12
        assertPinned(SiginfoLayout.class, m("SI_SIGNO", 0, "SI_ERRNO", 4, "SI_CODE", 8, "SI_PID", 12, "SI_UID", 16,
                "SI_STATUS", 20, "SI_ADDR", 24, "SI_VALUE", 32, "REASON", 40, "SIZE", 80));
        // _reason's largest member: struct { long __spare1__; int __spare2__[7]; } = 8 + 28 -> 40 (align 8)
        CStruct spare = CStruct.of().f("__spare1__", LONG).arr("__spare2__", I32, 7);
        CStruct c = CStruct.of().f("si_signo", I32).f("si_errno", I32).f("si_code", I32).f("si_pid", I32)
                .f("si_uid", I32).f("si_status", I32).f("si_addr", PTR).union("si_value", PTR, PTR)
                .nested("_reason", spare);
        assertThat(c.offset("si_pid")).isEqualTo(SiginfoLayout.SI_PID);
        assertThat(c.offset("si_addr")).isEqualTo(SiginfoLayout.SI_ADDR);
        assertThat(c.offset("_reason")).isEqualTo(SiginfoLayout.REASON);
        assertThat(c.size()).isEqualTo(SiginfoLayout.SIZE);
    }

    @Test
    void xucred() throws Exception {
        // platform-facts 1.8: xucred 88 bytes, cr_groups[16] @12, cr_pid union @80
        assertPinned(XucredLayout.class, m("CR_VERSION", 0, "CR_UID", 4, "CR_NGROUPS", 8, "CR_GROUPS", 12,
                "CR_PID", 80, "SIZE", 88));
        CStruct c = CStruct.of().f("cr_version", I32).f("cr_uid", I32).f("cr_ngroups", I16).arr("cr_groups", I32, 16)
                .union("cr_pid", PTR, PTR);
        assertThat(c.offset("cr_groups")).isEqualTo(XucredLayout.CR_GROUPS);
        assertThat(c.offset("cr_pid")).isEqualTo(XucredLayout.CR_PID);
        assertThat(c.size()).isEqualTo(XucredLayout.SIZE);
    }

    @Test
    void reaperStructs() throws Exception {
        // platform-facts 1.7
        assertPinned(ReaperLayouts.class, m("RK_SIG", 0, "RK_FLAGS", 4, "RK_SUBTREE", 8, "RK_KILLED", 12, "RK_FPID", 16,
                "RK_PAD0", 20, "KILL_SIZE", 80, "RS_FLAGS", 0, "RS_CHILDREN", 4, "RS_DESCENDANTS", 8, "RS_REAPER", 12,
                "RS_PID", 16, "RS_PAD0", 20, "STATUS_SIZE", 80, "RP_COUNT", 0, "RP_PAD0", 4, "RP_PIDS", 64,
                "PIDS_SIZE", 72, "PI_PID", 0, "PI_SUBTREE", 4, "PI_FLAGS", 8, "PI_PAD0", 12, "PIDINFO_SIZE", 72));
        CStruct kill = CStruct.of().f("rk_sig", I32).f("rk_flags", I32).f("rk_subtree", I32).f("rk_killed", I32)
                .f("rk_fpid", I32).arr("rk_pad0", I32, 15);
        assertThat(kill.offset("rk_pad0")).isEqualTo(ReaperLayouts.RK_PAD0);
        assertThat(kill.size()).isEqualTo(ReaperLayouts.KILL_SIZE);
        CStruct pids = CStruct.of().f("rp_count", I32).arr("rp_pad0", I32, 15).f("rp_pids", PTR);
        assertThat(pids.offset("rp_pids")).isEqualTo(ReaperLayouts.RP_PIDS);
        assertThat(pids.size()).isEqualTo(ReaperLayouts.PIDS_SIZE);
        CStruct info = CStruct.of().f("pi_pid", I32).f("pi_subtree", I32).f("pi_flags", I32).arr("pi_pad0", I32, 15);
        assertThat(info.size()).isEqualTo(ReaperLayouts.PIDINFO_SIZE);
    }

    @Test
    void msghdrAndCmsghdr() throws Exception {
        // sys/sys/socket.h: msg_iovlen is int, msg_controllen socklen_t (Linux: size_t both)
        assertPinned(MsghdrLayout.class, m("MSG_NAME", 0, "MSG_NAMELEN", 8, "MSG_IOV", 16, "MSG_IOVLEN", 24,
                "MSG_CONTROL", 32, "MSG_CONTROLLEN", 40, "MSG_FLAGS", 44, "MSGHDR_SIZE", 48, "IOV_BASE", 0, "IOV_LEN", 8,
                "IOVEC_SIZE", 16, "CMSG_LEN_FIELD", 0, "CMSG_LEVEL", 4, "CMSG_TYPE", 8, "CMSGHDR_SIZE", 12,
                "ALIGNBYTES", 7));
        CStruct c = CStruct.of().f("msg_name", PTR).f("msg_namelen", I32).f("msg_iov", PTR).f("msg_iovlen", I32)
                .f("msg_control", PTR).f("msg_controllen", I32).f("msg_flags", I32);
        assertThat(c.offset("msg_iovlen")).isEqualTo(MsghdrLayout.MSG_IOVLEN);
        assertThat(c.offset("msg_controllen")).isEqualTo(MsghdrLayout.MSG_CONTROLLEN);
        assertThat(c.offset("msg_flags")).isEqualTo(MsghdrLayout.MSG_FLAGS);
        assertThat(c.size()).isEqualTo(MsghdrLayout.MSGHDR_SIZE).isNotEqualTo(56);
        // CMSG macros with _ALIGNBYTES = 7: CMSG_DATA at 16, CMSG_LEN(4) = 20, CMSG_SPACE(4) = 24
        assertThat(MsghdrLayout.cmsgDataOffset()).isEqualTo(16);
        assertThat(MsghdrLayout.cmsgLen(4)).isEqualTo(20);
        assertThat(MsghdrLayout.cmsgSpace(4)).isEqualTo(24);
        assertThat(MsghdrLayout.cmsgLen(8)).isEqualTo(24);
        assertThat(MsghdrLayout.cmsgSpace(8)).isEqualTo(24);
        assertThat(MsghdrLayout.cmsgSpace(12)).isEqualTo(32);
    }

    @Test
    void stat() throws Exception {
        // sys/sys/stat.h, FreeBSD 12+ (ino64), amd64/arm64; golang.org/x/sys ztypes_freebsd_amd64.go Stat_t
        assertPinned(StatLayout.class, m("ST_DEV", 0, "ST_INO", 8, "ST_NLINK", 16, "ST_MODE", 24, "ST_UID", 28,
                "ST_GID", 32, "ST_RDEV", 40, "ST_ATIM", 48, "ST_MTIM", 64, "ST_CTIM", 80, "ST_BIRTHTIM", 96,
                "ST_SIZE", 112, "ST_BLOCKS", 120, "ST_BLKSIZE", 128, "ST_FLAGS", 132, "ST_GEN", 136, "ST_SPARE", 144,
                "SIZE", 224));
        CStruct ts = CStruct.of().f("tv_sec", I64).f("tv_nsec", LONG);
        CStruct c = CStruct.of().f("st_dev", I64).f("st_ino", I64).f("st_nlink", I64).f("st_mode", I16)
                .f("st_padding0", I16).f("st_uid", I32).f("st_gid", I32).f("st_padding1", I32).f("st_rdev", I64)
                .nested("st_atim", ts).nested("st_mtim", ts).nested("st_ctim", ts).nested("st_birthtim", ts)
                .f("st_size", I64).f("st_blocks", I64).f("st_blksize", I32).f("st_flags", I32).f("st_gen", I64)
                .arr("st_spare", I64, 10);
        assertThat(c.offset("st_mode")).isEqualTo(StatLayout.ST_MODE);
        assertThat(c.offset("st_birthtim")).isEqualTo(StatLayout.ST_BIRTHTIM);
        assertThat(c.offset("st_gen")).isEqualTo(StatLayout.ST_GEN);
        assertThat(c.size()).isEqualTo(StatLayout.SIZE);
    }

    @Test
    void kinfoProcUpToKiStart() throws Exception {
        // sys/sys/user.h field list; KINFO_PROC_SIZE 1088 (sys/amd64/include/proc.h, sys/arm64/include/proc.h)
        assertPinned(KinfoProcLayout.class, m("KI_STRUCTSIZE", 0, "KI_PID", 72, "KI_PPID", 76, "KI_START", 336,
                "SIZE", 1088));
        CStruct c = kinfoProc();
        assertThat(c.offset("ki_pid")).isEqualTo(KinfoProcLayout.KI_PID);
        assertThat(c.offset("ki_ppid")).isEqualTo(KinfoProcLayout.KI_PPID);
        assertThat(c.offset("ki_start")).isEqualTo(KinfoProcLayout.KI_START);
        assertThat(c.size()).as("the whole field list must add up to KINFO_PROC_SIZE").isEqualTo(KinfoProcLayout.SIZE);
    }

    /** struct kinfo_proc of sys/sys/user.h (KI_NSPARE_INT 2, KI_NSPARE_LONG 12, KI_NSPARE_PTR 5), LP64. */
    static CStruct kinfoProc() {
        CStruct c = CStruct.of().f("ki_structsize", I32).f("ki_layout", I32);
        for (String p : new String[] {"ki_args", "ki_paddr", "ki_addr", "ki_tracep", "ki_textvp", "ki_fd", "ki_vmspace",
                "ki_wchan"}) {
            c.f(p, PTR);
        }
        for (String p : new String[] {"ki_pid", "ki_ppid", "ki_pgid", "ki_tpgid", "ki_sid", "ki_tsid"}) c.f(p, I32);
        c.f("ki_jobc", I16).f("ki_spare_short1", I16).f("ki_tdev_freebsd11", I32);
        for (String s : new String[] {"ki_siglist", "ki_sigmask", "ki_sigignore", "ki_sigcatch"}) c.arr(s, I32, 4);
        for (String s : new String[] {"ki_uid", "ki_ruid", "ki_svuid", "ki_rgid", "ki_svgid"}) c.f(s, I32);
        c.f("ki_ngroups", I16).f("ki_spare_short2", I16).arr("ki_groups", I32, 16);
        for (String s : new String[] {"ki_size", "ki_rssize", "ki_swrss", "ki_tsize", "ki_dsize", "ki_ssize"}) c.f(s, I64);
        c.f("ki_xstat", I16).f("ki_acflag", I16);
        for (String s : new String[] {"ki_pctcpu", "ki_estcpu", "ki_slptime", "ki_swtime", "ki_cow"}) c.f(s, I32);
        c.f("ki_runtime", I64).nested("ki_start", timeval()).nested("ki_childtime", timeval());
        c.f("ki_flag", LONG).f("ki_kiflag", LONG).f("ki_traceflag", I32);
        for (String s : new String[] {"ki_stat", "ki_nice", "ki_lock", "ki_rqindex", "ki_oncpu_old", "ki_lastcpu_old"}) c.f(s, 1);
        c.arr("ki_tdname", 1, 16 + 1).arr("ki_wmesg", 1, 8 + 1).arr("ki_login", 1, 17 + 1).arr("ki_lockname", 1, 8 + 1)
                .arr("ki_comm", 1, 19 + 1).arr("ki_emul", 1, 16 + 1).arr("ki_loginclass", 1, 17 + 1)
                .arr("ki_moretdname", 1, 19 - 16 + 1).arr("ki_sparestrings", 1, 46).arr("ki_spareints", I32, 2)
                .f("ki_tdev", I64);
        for (String s : new String[] {"ki_oncpu", "ki_lastcpu", "ki_tracer", "ki_flag2", "ki_fibnum", "ki_cr_flags",
                "ki_jid", "ki_numthreads", "ki_tid"}) {
            c.f(s, I32);
        }
        c.arr("ki_pri", 1, 4).nested("ki_rusage", rusage()).nested("ki_rusage_ch", rusage());
        for (String p : new String[] {"ki_pcb", "ki_kstack", "ki_udata", "ki_tdaddr", "ki_pd"}) c.f(p, PTR);
        c.arr("ki_spareptrs", PTR, 5).arr("ki_sparelongs", LONG, 12).f("ki_sflag", LONG).f("ki_tdflags", LONG);
        return c;
    }

    @Test
    void passwdAndGroup() throws Exception {
        // include/pwd.h (pw_name@0 ... pw_fields@72, as the brief lists) and include/grp.h
        assertPinned(PasswdLayout.class, m("PW_NAME", 0, "PW_PASSWD", 8, "PW_UID", 16, "PW_GID", 20, "PW_CHANGE", 24,
                "PW_CLASS", 32, "PW_GECOS", 40, "PW_DIR", 48, "PW_SHELL", 56, "PW_EXPIRE", 64, "PW_FIELDS", 72,
                "SIZE", 80));
        CStruct pw = CStruct.of().f("pw_name", PTR).f("pw_passwd", PTR).f("pw_uid", I32).f("pw_gid", I32)
                .f("pw_change", I64).f("pw_class", PTR).f("pw_gecos", PTR).f("pw_dir", PTR).f("pw_shell", PTR)
                .f("pw_expire", I64).f("pw_fields", I32);
        assertThat(pw.offset("pw_dir")).isEqualTo(PasswdLayout.PW_DIR);
        assertThat(pw.offset("pw_fields")).isEqualTo(PasswdLayout.PW_FIELDS);
        assertThat(pw.size()).isEqualTo(PasswdLayout.SIZE);
        assertPinned(GroupLayout.class, m("GR_NAME", 0, "GR_PASSWD", 8, "GR_GID", 16, "GR_MEM", 24, "SIZE", 32));
        CStruct gr = CStruct.of().f("gr_name", PTR).f("gr_passwd", PTR).f("gr_gid", I32).f("gr_mem", PTR);
        assertThat(gr.offset("gr_mem")).isEqualTo(GroupLayout.GR_MEM);
        assertThat(gr.size()).isEqualTo(GroupLayout.SIZE);
    }
}
