package org.pdsup.procdesc.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Pins the kinfo_proc offsets: recomputes them from the field list of FreeBSD's sys/sys/user.h (main, the
 * layout of 13.x-15.x) with LP64 C alignment, independently of the constants in {@link KinfoProcLayout}.
 */
class KinfoProcLayoutTest {

    /** name -> {size, alignment} in declaration order, transcribed from struct kinfo_proc in sys/sys/user.h. */
    private static Map<String, int[]> kinfoProcFields() {
        Map<String, int[]> f = new LinkedHashMap<>();
        f.put("ki_structsize", new int[] {4, 4});
        f.put("ki_layout", new int[] {4, 4});
        for (String p : new String[] {"ki_args", "ki_paddr", "ki_addr", "ki_tracep", "ki_textvp", "ki_fd",
                "ki_vmspace", "ki_wchan"}) {
            f.put(p, new int[] {8, 8});
        }
        for (String p : new String[] {"ki_pid", "ki_ppid", "ki_pgid", "ki_tpgid", "ki_sid", "ki_tsid"}) {
            f.put(p, new int[] {4, 4});
        }
        f.put("ki_jobc", new int[] {2, 2});
        f.put("ki_spare_short1", new int[] {2, 2});
        f.put("ki_tdev_freebsd11", new int[] {4, 4});
        for (String s : new String[] {"ki_siglist", "ki_sigmask", "ki_sigignore", "ki_sigcatch"}) {
            f.put(s, new int[] {16, 4});                      // sigset_t: __uint32_t __bits[4]
        }
        for (String s : new String[] {"ki_uid", "ki_ruid", "ki_svuid", "ki_rgid", "ki_svgid"}) {
            f.put(s, new int[] {4, 4});
        }
        f.put("ki_ngroups", new int[] {2, 2});
        f.put("ki_spare_short2", new int[] {2, 2});
        f.put("ki_groups", new int[] {16 * 4, 4});            // gid_t[KI_NGROUPS = 16]
        f.put("ki_size", new int[] {8, 8});                   // vm_size_t
        for (String s : new String[] {"ki_rssize", "ki_swrss", "ki_tsize", "ki_dsize", "ki_ssize"}) {
            f.put(s, new int[] {8, 8});                       // segsz_t = __int64_t on LP64
        }
        f.put("ki_xstat", new int[] {2, 2});
        f.put("ki_acflag", new int[] {2, 2});
        for (String s : new String[] {"ki_pctcpu", "ki_estcpu", "ki_slptime", "ki_swtime", "ki_cow"}) {
            f.put(s, new int[] {4, 4});
        }
        f.put("ki_runtime", new int[] {8, 8});
        f.put("ki_start", new int[] {16, 8});                 // struct timeval
        f.put("ki_childtime", new int[] {16, 8});
        f.put("ki_flag", new int[] {8, 8});
        f.put("ki_kiflag", new int[] {8, 8});
        f.put("ki_traceflag", new int[] {4, 4});
        for (String s : new String[] {"ki_stat", "ki_nice", "ki_lock", "ki_rqindex", "ki_oncpu_old",
                "ki_lastcpu_old"}) {
            f.put(s, new int[] {1, 1});
        }
        f.put("ki_tdname", new int[] {16 + 1, 1});            // TDNAMLEN + 1
        f.put("ki_wmesg", new int[] {8 + 1, 1});              // WMESGLEN + 1
        f.put("ki_login", new int[] {17 + 1, 1});             // LOGNAMELEN + 1
        f.put("ki_lockname", new int[] {8 + 1, 1});           // LOCKNAMELEN + 1
        f.put("ki_comm", new int[] {19 + 1, 1});              // COMMLEN + 1
        f.put("ki_emul", new int[] {16 + 1, 1});              // KI_EMULNAMELEN + 1
        f.put("ki_loginclass", new int[] {17 + 1, 1});        // LOGINCLASSLEN + 1
        f.put("ki_moretdname", new int[] {19 - 16 + 1, 1});   // MAXCOMLEN - TDNAMLEN + 1
        f.put("ki_sparestrings", new int[] {46, 1});
        f.put("ki_spareints", new int[] {2 * 4, 4});          // KI_NSPARE_INT = 2
        f.put("ki_tdev", new int[] {8, 8});
        for (String s : new String[] {"ki_oncpu", "ki_lastcpu", "ki_tracer", "ki_flag2", "ki_fibnum",
                "ki_cr_flags", "ki_jid", "ki_numthreads", "ki_tid"}) {
            f.put(s, new int[] {4, 4});
        }
        f.put("ki_pri", new int[] {4, 1});                    // struct priority: 4 u_char
        f.put("ki_rusage", new int[] {144, 8});               // struct rusage
        f.put("ki_rusage_ch", new int[] {144, 8});
        for (String p : new String[] {"ki_pcb", "ki_kstack", "ki_udata", "ki_tdaddr", "ki_pd"}) {
            f.put(p, new int[] {8, 8});
        }
        f.put("ki_spareptrs", new int[] {5 * 8, 8});          // KI_NSPARE_PTR = 5
        f.put("ki_sparelongs", new int[] {12 * 8, 8});        // KI_NSPARE_LONG = 12
        f.put("ki_sflag", new int[] {8, 8});
        f.put("ki_tdflags", new int[] {8, 8});
        return f;
    }

    private static Map<String, Integer> offsets() {
        Map<String, Integer> off = new LinkedHashMap<>();
        int pos = 0;
        int maxAlign = 1;
        for (Map.Entry<String, int[]> e : kinfoProcFields().entrySet()) {
            int size = e.getValue()[0];
            int align = e.getValue()[1];
            pos = (pos + align - 1) / align * align;
            off.put(e.getKey(), pos);
            pos += size;
            maxAlign = Math.max(maxAlign, align);
        }
        off.put("sizeof", (pos + maxAlign - 1) / maxAlign * maxAlign);
        return off;
    }

    @Test
    void offsetsMatchTheHeaderFieldList() {
        Map<String, Integer> off = offsets();
        assertThat(off.get("sizeof")).as("KINFO_PROC_SIZE").isEqualTo(KinfoProcLayout.SIZE).isEqualTo(1088);
        assertThat(off.get("ki_structsize")).isEqualTo(KinfoProcLayout.KI_STRUCTSIZE);
        assertThat(off.get("ki_pid")).isEqualTo(KinfoProcLayout.KI_PID).isEqualTo(72);
        assertThat(off.get("ki_rssize")).isEqualTo(KinfoProcLayout.KI_RSSIZE).isEqualTo(264);
        assertThat(off.get("ki_rusage")).isEqualTo(KinfoProcLayout.KI_RUSAGE).isEqualTo(608);
    }

    @Test
    void sysctlNamesAreThoseOfSysctlH() {
        assertThat(new int[] {KinfoProcLayout.CTL_KERN, KinfoProcLayout.KERN_PROC, KinfoProcLayout.KERN_PROC_PID})
                .containsExactly(1, 14, 1);
    }

    private static KinfoProcLayout.Bytes bytesOf(ByteBuffer b) {
        return new KinfoProcLayout.Bytes() {
            @Override public int getInt(int offset) { return b.getInt(offset); }
            @Override public long getLong(int offset) { return b.getLong(offset); }
        };
    }

    @Test
    void decodesResidentPagesAndRusageTimes() {
        ByteBuffer b = ByteBuffer.allocate(1088).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Integer> off = offsets();
        b.putInt(off.get("ki_structsize"), 1088);
        b.putInt(off.get("ki_pid"), 4242);
        b.putLong(off.get("ki_rssize"), 300);                      // pages
        int ru = off.get("ki_rusage");
        b.putLong(ru, 2).putLong(ru + 8, 500_000);                 // ru_utime 2.5 s
        b.putLong(ru + 16, 0).putLong(ru + 24, 250_000);           // ru_stime 0.25 s
        b.putLong(off.get("ki_rusage_ch"), 99);                    // children's time must not be read

        ProcessSample s = KinfoProcLayout.decode(bytesOf(b), 4096);
        assertThat(s.residentBytes()).isEqualTo(300L * 4096);
        assertThat(s.userCpuSeconds()).isCloseTo(2.5, within(1e-9));
        assertThat(s.systemCpuSeconds()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void refusesAKernelWhoseStructSizeDiffers() {
        ByteBuffer b = ByteBuffer.allocate(1088).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 1096);
        assertThatThrownBy(() -> KinfoProcLayout.decode(bytesOf(b), 4096))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ki_structsize 1096").hasMessageContaining("1088");
    }
}
