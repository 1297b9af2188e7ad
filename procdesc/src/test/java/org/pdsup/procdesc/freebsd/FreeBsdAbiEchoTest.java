package org.pdsup.procdesc.freebsd;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jnr.ffi.Pointer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.Accounts;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.Signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * {@link FreeBsdLibc} bound against {@link FreeBsdAbiStub}, a C library with the FreeBSD prototypes compiled
 * here: checks what jnr-ffi really passes to C for each FreeBSD-only function (the int64 {@code id_t}, the six
 * kevent arguments with a NULL timeout, the variadic long of fcntl, the C shorts of setflags and mode_t), that
 * the C compiler lays out replicas of the FreeBSD structs exactly as the layout classes say, and that the Java
 * decoders read what C code wrote in those structs.
 */
class FreeBsdAbiEchoTest {
    private static FreeBsdLibc libc;
    private static FreeBsdAbiStub.Recorder rec;

    @BeforeAll
    static void load() throws Exception {
        assumeThat(FreeBsdAbiStub.compilerAvailable()).as("a C compiler (cc) is needed to build the ABI stub").isTrue();
        libc = FreeBsdAbiStub.libc();
        rec = FreeBsdAbiStub.recorder();
    }

    // ---- C-compiled replicas of the FreeBSD structs against the layout classes ----

    @Test
    void compiledReplicasMatchTheLayoutClasses() {
        assertThat(rec.stub_layout("fb_kevent.filter")).isEqualTo(KeventLayout.FILTER);
        assertThat(rec.stub_layout("fb_kevent.flags")).isEqualTo(KeventLayout.FLAGS);
        assertThat(rec.stub_layout("fb_kevent.fflags")).isEqualTo(KeventLayout.FFLAGS);
        assertThat(rec.stub_layout("fb_kevent.data")).isEqualTo(KeventLayout.DATA);
        assertThat(rec.stub_layout("fb_kevent.udata")).isEqualTo(KeventLayout.UDATA);
        assertThat(rec.stub_layout("fb_kevent.ext")).isEqualTo(KeventLayout.EXT);
        assertThat(rec.stub_layout("fb_kevent")).isEqualTo(KeventLayout.SIZE);
        assertThat(rec.stub_layout("fb_rusage.ru_stime")).isEqualTo(RusageLayout.RU_STIME);
        assertThat(rec.stub_layout("fb_rusage.ru_maxrss")).isEqualTo(RusageLayout.RU_MAXRSS);
        assertThat(rec.stub_layout("fb_rusage.ru_nivcsw")).isEqualTo(RusageLayout.RU_NIVCSW);
        assertThat(rec.stub_layout("fb_rusage")).isEqualTo(RusageLayout.SIZE);
        assertThat(rec.stub_layout("fb_wrusage.wru_children")).isEqualTo(RusageLayout.WRU_CHILDREN);
        assertThat(rec.stub_layout("fb_wrusage")).isEqualTo(RusageLayout.WRUSAGE_SIZE);
        assertThat(rec.stub_layout("fb_siginfo.si_pid")).isEqualTo(SiginfoLayout.SI_PID);
        assertThat(rec.stub_layout("fb_siginfo.si_status")).isEqualTo(SiginfoLayout.SI_STATUS);
        assertThat(rec.stub_layout("fb_siginfo.si_addr")).isEqualTo(SiginfoLayout.SI_ADDR);
        assertThat(rec.stub_layout("fb_siginfo.si_value")).isEqualTo(SiginfoLayout.SI_VALUE);
        assertThat(rec.stub_layout("fb_siginfo._reason")).isEqualTo(SiginfoLayout.REASON);
        assertThat(rec.stub_layout("fb_siginfo")).isEqualTo(SiginfoLayout.SIZE);
        assertThat(rec.stub_layout("fb_xucred.cr_ngroups")).isEqualTo(XucredLayout.CR_NGROUPS);
        assertThat(rec.stub_layout("fb_xucred.cr_groups")).isEqualTo(XucredLayout.CR_GROUPS);
        assertThat(rec.stub_layout("fb_xucred._cr")).isEqualTo(XucredLayout.CR_PID);
        assertThat(rec.stub_layout("fb_xucred")).isEqualTo(XucredLayout.SIZE);
        assertThat(rec.stub_layout("fb_msghdr.msg_iov")).isEqualTo(MsghdrLayout.MSG_IOV);
        assertThat(rec.stub_layout("fb_msghdr.msg_iovlen")).isEqualTo(MsghdrLayout.MSG_IOVLEN);
        assertThat(rec.stub_layout("fb_msghdr.msg_control")).isEqualTo(MsghdrLayout.MSG_CONTROL);
        assertThat(rec.stub_layout("fb_msghdr.msg_controllen")).isEqualTo(MsghdrLayout.MSG_CONTROLLEN);
        assertThat(rec.stub_layout("fb_msghdr.msg_flags")).isEqualTo(MsghdrLayout.MSG_FLAGS);
        assertThat(rec.stub_layout("fb_msghdr")).isEqualTo(MsghdrLayout.MSGHDR_SIZE);
        assertThat(rec.stub_layout("fb_cmsghdr")).isEqualTo(MsghdrLayout.CMSGHDR_SIZE);
        assertThat(rec.stub_layout("fb_iovec")).isEqualTo(MsghdrLayout.IOVEC_SIZE);
        assertThat(rec.stub_layout("CMSG_DATA")).isEqualTo(MsghdrLayout.cmsgDataOffset());
        assertThat(rec.stub_layout("CMSG_LEN(4)")).isEqualTo(MsghdrLayout.cmsgLen(4));
        assertThat(rec.stub_layout("CMSG_SPACE(4)")).isEqualTo(MsghdrLayout.cmsgSpace(4));
        assertThat(rec.stub_layout("fb_stat.st_mode")).isEqualTo(StatLayout.ST_MODE);
        assertThat(rec.stub_layout("fb_stat.st_uid")).isEqualTo(StatLayout.ST_UID);
        assertThat(rec.stub_layout("fb_stat.st_birthtim")).isEqualTo(StatLayout.ST_BIRTHTIM);
        assertThat(rec.stub_layout("fb_stat.st_size")).isEqualTo(StatLayout.ST_SIZE);
        assertThat(rec.stub_layout("fb_stat.st_gen")).isEqualTo(StatLayout.ST_GEN);
        assertThat(rec.stub_layout("fb_stat")).isEqualTo(StatLayout.SIZE);
        assertThat(rec.stub_layout("fb_passwd.pw_uid")).isEqualTo(PasswdLayout.PW_UID);
        assertThat(rec.stub_layout("fb_passwd.pw_gid")).isEqualTo(PasswdLayout.PW_GID);
        assertThat(rec.stub_layout("fb_passwd.pw_dir")).isEqualTo(PasswdLayout.PW_DIR);
        assertThat(rec.stub_layout("fb_passwd.pw_fields")).isEqualTo(PasswdLayout.PW_FIELDS);
        assertThat(rec.stub_layout("fb_passwd")).isEqualTo(PasswdLayout.SIZE);
        assertThat(rec.stub_layout("fb_group.gr_gid")).isEqualTo(GroupLayout.GR_GID);
        assertThat(rec.stub_layout("fb_group.gr_mem")).isEqualTo(GroupLayout.GR_MEM);
        assertThat(rec.stub_layout("fb_group")).isEqualTo(GroupLayout.SIZE);
        assertThat(rec.stub_layout("fb_reaper_pids.rp_pids")).isEqualTo(ReaperLayouts.RP_PIDS);
        assertThat(rec.stub_layout("fb_reaper_pids")).isEqualTo(ReaperLayouts.PIDS_SIZE);
        assertThat(rec.stub_layout("fb_reaper_pidinfo")).isEqualTo(ReaperLayouts.PIDINFO_SIZE);
        assertThat(rec.stub_layout("fb_kinfo_proc.ki_pid")).isEqualTo(KinfoProcLayout.KI_PID);
        assertThat(rec.stub_layout("fb_kinfo_proc.ki_ppid")).isEqualTo(KinfoProcLayout.KI_PPID);
        assertThat(rec.stub_layout("fb_kinfo_proc.ki_start")).isEqualTo(KinfoProcLayout.KI_START);
        assertThat(rec.stub_layout("fb_kinfo_proc")).as("KINFO_PROC_SIZE").isEqualTo(KinfoProcLayout.SIZE);
    }

    // ---- arguments as C received them ----

    @Test
    void procctlReceivesA64BitId() {
        Pointer data = FreeBsdNative.allocate(8);
        assertThat(libc.procctl(P_PID, 0x1_0000_0007L, PROC_REAP_ACQUIRE, data)).isZero();
        assertThat(rec.stub_name()).isEqualTo("procctl");
        assertThat(rec.stub_arg(0)).isEqualTo(P_PID);
        assertThat(rec.stub_arg(1)).as("id_t must arrive as all 64 bits").isEqualTo(0x1_0000_0007L);
        assertThat(rec.stub_arg(2)).isEqualTo(PROC_REAP_ACQUIRE);
        assertThat(rec.stub_arg(3)).isEqualTo(data.address());
        libc.procctl(P_PID, -1L, PROC_REAP_STATUS, null);
        assertThat(rec.stub_arg(1)).isEqualTo(-1L);
        assertThat(rec.stub_arg(3)).isZero();
    }

    @Test
    void keventReceivesAllSixArgumentsIncludingANullTimeout() {
        Pointer changes = FreeBsdNative.allocate(KeventLayout.SIZE * 2L);
        Kevent.of(9, EVFILT_PROCDESC, EV_ADD, NOTE_EXIT, 0, 0xfeed_beefL).write(changes, 0);
        Pointer events = FreeBsdNative.allocate(KeventLayout.SIZE * 4L);
        int n = libc.kevent(5, changes, 2, events, 4, null);
        assertThat(rec.stub_arg(0)).isEqualTo(5);
        assertThat(rec.stub_arg(1)).isEqualTo(changes.address());
        assertThat(rec.stub_arg(2)).isEqualTo(2);
        assertThat(rec.stub_arg(3)).isEqualTo(events.address());
        assertThat(rec.stub_arg(4)).isEqualTo(4);
        assertThat(rec.stub_arg(5)).as("sixth argument: NULL timeout").isZero();
        assertThat(rec.stub_arg(6)).as("filter read by C from the Java-encoded change").isEqualTo(EVFILT_PROCDESC);
        assertThat(rec.stub_arg(7)).isEqualTo(0xfeed_beefL);
        assertThat(n).isEqualTo(1);
        Kevent ev = Kevent.read(events, 0);
        assertThat(ev).isEqualTo(new Kevent(7, EVFILT_PROCDESC, EV_EOF | EV_ONESHOT, NOTE_EXIT, 2 << 8, 0x1234));
        Pointer timeout = FreeBsdNative.allocate(TimespecLayout.SIZE);
        libc.kevent(5, null, 0, events, 1, timeout);
        assertThat(rec.stub_arg(5)).as("sixth argument: a timeout pointer").isEqualTo(timeout.address());
        assertThat(rec.stub_arg(1)).isZero();
    }

    @Test
    void fcntlPassesItsVariadicArgumentAsALong() {
        libc.fcntl(11, F_DUPFD_CLOEXEC, 0x1_2345_6789L);
        assertThat(rec.stub_name()).isEqualTo("fcntl");
        assertThat(rec.stub_arg(0)).isEqualTo(11);
        assertThat(rec.stub_arg(1)).isEqualTo(F_DUPFD_CLOEXEC);
        assertThat(rec.stub_arg(2)).isEqualTo(0x1_2345_6789L);
        libc.fcntl(3, F_SETFD, FD_CLOEXEC);
        assertThat(rec.stub_arg(2)).isEqualTo(1);
    }

    @Test
    void shortArgumentsArriveAsCShorts() {
        Pointer attr = FreeBsdNative.allocate(8);
        libc.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
        assertThat(rec.stub_arg(0)).isEqualTo(attr.address());
        assertThat(rec.stub_arg(1)).isEqualTo(0x30);
        libc.posix_spawn_file_actions_addopen(attr, 1, "/var/log/x.log", O_WRONLY | O_CREAT | O_APPEND, (short) 0644);
        assertThat(rec.stub_arg(1)).isEqualTo(1);
        assertThat(rec.stub_arg(2)).isEqualTo(0x209);
        assertThat(rec.stub_arg(3)).as("mode_t").isEqualTo(0644);
        assertThat(rec.stub_str()).isEqualTo("/var/log/x.log");
    }

    @Test
    void fileActionsAndAttributesPassTheirValues() {
        Pointer fa = FreeBsdNative.allocate(8);
        libc.posix_spawn_file_actions_addclosefrom_np(fa, 5);
        assertThat(rec.stub_name()).isEqualTo("posix_spawn_file_actions_addclosefrom_np");
        assertThat(rec.stub_arg(1)).isEqualTo(5);
        Pointer fdp = FreeBsdNative.allocate(4);
        libc.posix_spawnattr_setprocdescp_np(fa, fdp, PD_DAEMON);
        assertThat(rec.stub_arg(0)).isEqualTo(fa.address());
        assertThat(rec.stub_arg(1)).isEqualTo(fdp.address());
        assertThat(rec.stub_arg(2)).isEqualTo(PD_DAEMON);
    }

    @Test
    void posixSpawnReceivesArgvAndEnvp() {
        NativeStringArray argv = NativeStringArray.of(List.of("a", "b", "c"));
        NativeStringArray envp = NativeStringArray.of(List.of("HOME=/root", "X=1"));
        Pointer pid = FreeBsdNative.allocate(4);
        Pointer fa = FreeBsdNative.allocate(8);
        Pointer attr = FreeBsdNative.allocate(8);
        assertThat(libc.posix_spawn(pid, "/bin/x", fa, attr, argv.pointer(), envp.pointer())).isZero();
        assertThat(pid.getInt(0)).isEqualTo(4321);
        assertThat(rec.stub_arg(1)).isEqualTo(fa.address());
        assertThat(rec.stub_arg(2)).isEqualTo(attr.address());
        assertThat(rec.stub_arg(3)).isEqualTo(3);
        assertThat(rec.stub_arg(4)).isEqualTo(2);
        assertThat(rec.stub_str()).isEqualTo("HOME=/root");
    }

    @Test
    void sysctlKinfoProcIsDecodedWithItsChecks() {
        Optional<KinfoProc> k = KinfoProc.of(libc, 4711);
        assertThat(rec.stub_arg(0)).isEqualTo(CTL_KERN);
        assertThat(rec.stub_arg(1)).isEqualTo(KERN_PROC);
        assertThat(rec.stub_arg(2)).isEqualTo(KERN_PROC_PID);
        assertThat(rec.stub_arg(3)).isEqualTo(4711);
        assertThat(rec.stub_arg(4)).isEqualTo(4);
        assertThat(rec.stub_arg(5)).isEqualTo(KinfoProcLayout.SIZE);
        assertThat(rec.stub_arg(6)).isZero();
        assertThat(rec.stub_arg(7)).as("sixth argument newlen").isZero();
        assertThat(k).contains(new KinfoProc(4711, 1, Instant.ofEpochSecond(1700000000L, 654321000L)));
    }

    @Test
    void pdwaitResultIsDecodedFromStatusWrusageAndSiginfo() throws Exception {
        ChildReaper reaper = new ChildReaper(libc);
        Optional<ExitStatus> s = reaper.pdwait(6, false);
        assertThat(rec.stub_name()).isEqualTo("pdwait");
        assertThat(rec.stub_arg(0)).isEqualTo(6);
        assertThat(rec.stub_arg(2)).as("options: WEXITED | WNOHANG").isEqualTo(WEXITED | WNOHANG);
        assertThat(s).isPresent();
        assertThat(s.get().kind()).isEqualTo(ExitStatus.Kind.EXITED);
        assertThat(s.get().code()).isEqualTo(3);
        assertThat(s.get().usage().userCpu()).isEqualTo(java.time.Duration.ofMillis(2500));
        assertThat(s.get().usage().systemCpu()).isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(s.get().usage().maxRssBytes()).hasValue(2048L * 1024);
        reaper.pdwait(6, true);
        assertThat(rec.stub_arg(2)).as("options: WEXITED").isEqualTo(WEXITED);
    }

    @Test
    void descriptorObjectReadsFstatAndSignalsThroughPdkill() throws Exception {
        rec.stub_set(0, S_IFREG | S_IRWXU);
        rec.stub_set(1, 0);
        ProcdescProcess p = new ProcdescProcess(libc, false, 8, 4242, false, pid -> { });
        assertThat(p.startTime()).isEqualTo(Instant.ofEpochSecond(1700000000L, 123456789L));
        assertThat(p.isAlive()).isTrue();
        assertThat(rec.stub_name()).isEqualTo("fstat");
        assertThat(rec.stub_arg(0)).isEqualTo(8);
        p.signal(Signal.USR1);
        assertThat(rec.stub_name()).isEqualTo("pdkill");
        assertThat(rec.stub_arg(0)).isEqualTo(8);
        assertThat(rec.stub_arg(1)).as("SIGUSR1 is 30 on FreeBSD").isEqualTo(30);
        assertThat(p.tryWait()).isEmpty();
        assertThat(rec.stub_name()).isEqualTo("wait4");
        assertThat(rec.stub_arg(0)).isEqualTo(4242);
        assertThat(rec.stub_arg(2)).isEqualTo(WNOHANG);
        rec.stub_set(0, S_IFREG);
        assertThat(p.isAlive()).as("S_IFREG without S_IRWXU: exited").isFalse();
        rec.stub_set(1, 0x8b); // SIGSEGV with core
        Optional<ExitStatus> s = p.tryWait();
        assertThat(s).isPresent();
        assertThat(s.get().signal()).isEqualTo(Signal.SEGV);
        assertThat(s.get().coreDumped()).isTrue();
        assertThat(s.get().usage().userCpu()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(p.waitFor()).isSameAs(s.get());
        assertThat(ProcdescProcess.pidOf(libc, 8)).isEqualTo(4242);
    }

    @Test
    void scmRightsReceiveReadsWhatFreeBsdLayoutCodeWrote() {
        ScmRights.Message m = ScmRights.receive(libc, 3, 4);
        assertThat(rec.stub_name()).isEqualTo("recvmsg");
        assertThat(rec.stub_arg(1)).as("flags").isEqualTo(MSG_CMSG_CLOEXEC);
        assertThat(rec.stub_arg(2)).as("msg_iovlen read by C").isEqualTo(1);
        assertThat(rec.stub_arg(3)).as("msg_controllen read by C").isEqualTo(MsghdrLayout.cmsgSpace(4 * ScmRights.MAX_FDS));
        assertThat(m.bytes()).isEqualTo(4);
        assertThat(m.fds()).containsExactly(42);
        assertThat(java.nio.ByteBuffer.wrap(m.payload()).order(java.nio.ByteOrder.nativeOrder()).getInt()).isEqualTo(5150);
        assertThat(m.truncated()).isFalse();
    }

    @Test
    void accountsReadFreeBsdPasswdAndGroupAndGrowBuffers() {
        Accounts accounts = new FreeBsdAccounts(libc);
        rec.stub_set(2, 4000); // a buffer of at least 4000 bytes is needed: 1024 gets ERANGE, 4096 succeeds
        assertThat(accounts.userByName("alice")).contains(new Accounts.User("alice", 1001, 1002, "/home/alice"));
        assertThat(rec.stub_arg(0)).as("buffer size of the successful call").isEqualTo(4096);
        assertThat(accounts.userByName("bob")).isEmpty();
        assertThat(accounts.groupById(1002)).contains(new Accounts.Group("staff", 1002));
        rec.stub_set(3, 100); // 100 groups: 64 is too small, the retry fits
        List<Integer> groups = accounts.groupIdsOf("alice", 1002);
        assertThat(groups).hasSize(101).startsWith(1002, 2000, 2001).endsWith(2099);
        assertThat(rec.stub_arg(0)).as("basegid").isEqualTo(1002);
        assertThat(rec.stub_str()).isEqualTo("alice");
    }
}
