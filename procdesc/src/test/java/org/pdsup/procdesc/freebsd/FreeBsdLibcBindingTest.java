package org.pdsup.procdesc.freebsd;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Variadic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The jnr-ffi binding {@link FreeBsdLibc}: every method's Java signature against the C prototype (platform-facts
 * section 0: {@code id_t} is int64 on FreeBSD, so a Java long; pointers, size_t and ssize_t are 8 bytes; a
 * variadic function carries {@code @Variadic} and takes its variadic argument as a long), and that jnr-ffi can
 * generate and call it: functions whose prototype and numbers are the same on Linux are called for real here.
 */
class FreeBsdLibcBindingTest {

    private record Sig(Class<?> returns, Class<?>... params) {}

    private static final Class<?> P = Pointer.class;
    private static final Class<?> I = int.class;
    private static final Class<?> L = long.class;
    private static final Class<?> S = String.class;

    private static final Map<String, Sig> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("close", new Sig(I, I));                                   // int close(int)
        EXPECTED.put("pipe2", new Sig(I, P, I));                                // int pipe2(int[2], int)
        EXPECTED.put("fcntl", new Sig(I, I, I, L));                             // int fcntl(int, int, ...)
        EXPECTED.put("read", new Sig(L, I, P, L));                              // ssize_t read(int, void *, size_t)
        EXPECTED.put("write", new Sig(L, I, P, L));                             // ssize_t write(int, const void *, size_t)
        EXPECTED.put("getpid", new Sig(I));                                     // pid_t getpid(void)
        EXPECTED.put("kill", new Sig(I, I, I));                                 // int kill(pid_t, int)
        EXPECTED.put("strerror", new Sig(S, I));                                // char *strerror(int)
        EXPECTED.put("signal", new Sig(L, I, L));                               // sig_t signal(int, sig_t)
        EXPECTED.put("fstat", new Sig(I, I, P));                                // int fstat(int, struct stat *)
        EXPECTED.put("socketpair", new Sig(I, I, I, I, P));                     // int socketpair(int, int, int, int *)
        EXPECTED.put("send", new Sig(L, I, P, L, I));                           // ssize_t send(int, const void *, size_t, int)
        EXPECTED.put("recvmsg", new Sig(L, I, P, I));                           // ssize_t recvmsg(int, struct msghdr *, int)
        EXPECTED.put("getsockopt", new Sig(I, I, I, I, P, P));                  // int getsockopt(int, int, int, void *, socklen_t *)
        EXPECTED.put("pdkill", new Sig(I, I, I));                               // int pdkill(int, int)
        EXPECTED.put("pdgetpid", new Sig(I, I, P));                             // int pdgetpid(int, pid_t *)
        EXPECTED.put("pdwait", new Sig(I, I, P, I, P, P));                      // int pdwait(int, int *, int, struct __wrusage *, struct __siginfo *)
        EXPECTED.put("wait4", new Sig(I, I, P, I, P));                          // pid_t wait4(pid_t, int *, int, struct rusage *)
        EXPECTED.put("kqueue", new Sig(I));                                     // int kqueue(void)
        EXPECTED.put("kevent", new Sig(I, I, P, I, P, I, P));                   // int kevent(int, const struct kevent *, int, struct kevent *, int, const struct timespec *)
        EXPECTED.put("procctl", new Sig(I, I, L, I, P));                        // int procctl(idtype_t, id_t (int64), int, void *)
        EXPECTED.put("sysctl", new Sig(I, P, I, P, P, P, L));                   // int sysctl(const int *, u_int, void *, size_t *, const void *, size_t)
        EXPECTED.put("posix_spawn", new Sig(I, P, S, P, P, P, P));              // int posix_spawn(pid_t *, const char *, fa *, attr *, argv, envp)
        EXPECTED.put("posix_spawnattr_init", new Sig(I, P));
        EXPECTED.put("posix_spawnattr_destroy", new Sig(I, P));
        EXPECTED.put("posix_spawnattr_setflags", new Sig(I, P, short.class));    // flags is a C short
        EXPECTED.put("posix_spawnattr_setsigmask", new Sig(I, P, P));
        EXPECTED.put("posix_spawnattr_setsigdefault", new Sig(I, P, P));
        EXPECTED.put("posix_spawnattr_setprocdescp_np", new Sig(I, P, P, I));   // (attr *, int *fdp, int pdrflags)
        EXPECTED.put("posix_spawn_file_actions_init", new Sig(I, P));
        EXPECTED.put("posix_spawn_file_actions_destroy", new Sig(I, P));
        EXPECTED.put("posix_spawn_file_actions_adddup2", new Sig(I, P, I, I));
        EXPECTED.put("posix_spawn_file_actions_addopen", new Sig(I, P, I, S, I, short.class)); // mode_t is uint16
        EXPECTED.put("posix_spawn_file_actions_addclose", new Sig(I, P, I));
        EXPECTED.put("posix_spawn_file_actions_addclosefrom_np", new Sig(I, P, I));
        EXPECTED.put("posix_spawn_file_actions_addchdir_np", new Sig(I, P, S));
        EXPECTED.put("getpwnam_r", new Sig(I, S, P, P, L, P));
        EXPECTED.put("getpwuid_r", new Sig(I, I, P, P, L, P));
        EXPECTED.put("getgrnam_r", new Sig(I, S, P, P, L, P));
        EXPECTED.put("getgrgid_r", new Sig(I, I, P, P, L, P));
        EXPECTED.put("getgrouplist", new Sig(I, S, I, P, P));                   // (name, gid_t basegid, gid_t *, int *)
    }

    @Test
    void everyMethodHasTheExpectedSignature() {
        TreeSet<String> unexpected = new TreeSet<>();
        Map<String, String> wrong = new LinkedHashMap<>();
        for (Method m : FreeBsdLibc.class.getDeclaredMethods()) {
            Sig e = EXPECTED.get(m.getName());
            if (e == null) {
                unexpected.add(m.getName());
                continue;
            }
            if (m.getReturnType() != e.returns() || !Arrays.equals(m.getParameterTypes(), e.params())) {
                wrong.put(m.getName(), m.getReturnType().getSimpleName() + Arrays.toString(m.getParameterTypes()));
            }
        }
        assertThat(unexpected).as("methods without an expected signature in this test").isEmpty();
        assertThat(wrong).as("methods whose Java types do not match the C prototype").isEmpty();
        assertThat(Arrays.stream(FreeBsdLibc.class.getDeclaredMethods()).map(Method::getName))
                .containsAll(EXPECTED.keySet());
    }

    @Test
    void noMethodIsOverloaded() {
        List<String> names = Arrays.stream(FreeBsdLibc.class.getDeclaredMethods()).map(Method::getName).toList();
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void idTypeIsInt64OnFreeBsd() throws Exception {
        Method procctl = FreeBsdLibc.class.getMethod("procctl", int.class, long.class, int.class, Pointer.class);
        assertThat(procctl.getParameterTypes()[1]).as("id_t is __int64_t on FreeBSD").isEqualTo(long.class);
    }

    @Test
    void onlyFcntlIsVariadicWithTwoFixedArguments() {
        for (Method m : FreeBsdLibc.class.getDeclaredMethods()) {
            Variadic v = m.getAnnotation(Variadic.class);
            if (m.getName().equals("fcntl")) {
                assertThat(v).as("fcntl is variadic").isNotNull();
                assertThat(v.fixedCount()).isEqualTo(2);
                assertThat(m.getParameterTypes()[2]).as("variadic argument as long").isEqualTo(long.class);
            } else {
                assertThat(v).as(m.getName() + " is not variadic").isNull();
                assertThat(m.isVarArgs()).as(m.getName()).isFalse();
            }
        }
    }

    @Test
    void noMethodTakesSixLongs() {
        // jnr-ffi issue #181: a sixth long argument can be corrupted; kevent/sysctl/posix_spawn use pointers/ints
        for (Method m : FreeBsdLibc.class.getDeclaredMethods()) {
            long longs = Arrays.stream(m.getParameterTypes()).filter(t -> t == long.class).count();
            assertThat(longs).as(m.getName()).isLessThan(6);
        }
    }

    // ---- real calls on this (Linux) system, for prototypes and numbers FreeBSD shares ----

    @Test
    void bindingLoadsAndCallsSharedFunctions() {
        FreeBsdLibc libc = FreeBsdNative.libc();
        assertThat(libc.getpid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(libc.close(-1)).isEqualTo(-1);
        assertThat(FreeBsdNative.errno()).as("EBADF is 9 on both systems").isEqualTo(FreeBsdConstants.EBADF);
        assertThat(libc.kill(libc.getpid(), 0)).isZero();
    }

    @Test
    void variadicFcntlPassesItsArgument() {
        FreeBsdLibc libc = FreeBsdNative.libc();
        Pointer fds = FreeBsdNative.allocate(8);
        assertThat(libc.pipe2(fds, 0)).isZero();
        int r = fds.getInt(0), w = fds.getInt(4);
        try {
            // F_GETFD 1, F_SETFD 2, FD_CLOEXEC 1: the same numbers on Linux
            assertThat(libc.fcntl(r, FreeBsdConstants.F_GETFD, 0L) & FreeBsdConstants.FD_CLOEXEC).isZero();
            assertThat(libc.fcntl(r, FreeBsdConstants.F_SETFD, FreeBsdConstants.FD_CLOEXEC)).isZero();
            assertThat(libc.fcntl(r, FreeBsdConstants.F_GETFD, 0L) & FreeBsdConstants.FD_CLOEXEC).isEqualTo(1);
            Pointer b = FreeBsdNative.allocate(3);
            b.put(0, new byte[] {'a', 'b', 'c'}, 0, 3);
            assertThat(libc.write(w, b, 3)).isEqualTo(3);
            Pointer in = FreeBsdNative.allocate(8);
            assertThat(libc.read(r, in, 8)).isEqualTo(3);
            assertThat(in.getString(0, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("abc");
        } finally {
            libc.close(r);
            libc.close(w);
        }
    }

    @Test
    void socketPairAndSendWork() {
        FreeBsdLibc libc = FreeBsdNative.libc();
        Pointer sv = FreeBsdNative.allocate(8);
        // AF_UNIX 1 and SOCK_STREAM 1 are the same on Linux (SOCK_CLOEXEC is not: left out here)
        assertThat(libc.socketpair(FreeBsdConstants.AF_UNIX, FreeBsdConstants.SOCK_STREAM, 0, sv)).isZero();
        try {
            Pointer b = FreeBsdNative.allocate(1);
            b.putByte(0, (byte) 'G');
            assertThat(libc.send(sv.getInt(0), b, 1, 0)).isEqualTo(1);
            Pointer in = FreeBsdNative.allocate(1);
            assertThat(libc.read(sv.getInt(4), in, 1)).isEqualTo(1);
            assertThat(in.getByte(0)).isEqualTo((byte) 'G');
        } finally {
            libc.close(sv.getInt(0));
            libc.close(sv.getInt(4));
        }
    }

    /**
     * posix_spawn has six pointer arguments (jnr-ffi #181 concerns the sixth): the environment, the sixth, must
     * arrive intact. NULL file actions and attributes mean the same on Linux; wait4 and its status and rusage
     * layout are the same too (platform-facts 1.6).
     */
    @Test
    void posixSpawnPassesItsSixthArgumentAndWait4ReadsTheStatus() {
        FreeBsdLibc libc = FreeBsdNative.libc();
        assertThat(runShell(libc, "X=yes")).isEqualTo(0);
        assertThat(runShell(libc, "X=no")).isEqualTo(1 << 8);
    }

    private static int runShell(FreeBsdLibc libc, String env) {
        NativeStringArray argv = NativeStringArray.of(List.of("sh", "-c", "test \"$X\" = yes"));
        NativeStringArray envp = NativeStringArray.of(List.of(env));
        Pointer pid = FreeBsdNative.allocate(4);
        assertThat(libc.posix_spawn(pid, "/bin/sh", null, null, argv.pointer(), envp.pointer())).isZero();
        Pointer status = FreeBsdNative.allocate(4);
        Pointer rusage = FreeBsdNative.allocate(RusageLayout.SIZE);
        assertThat(libc.wait4(pid.getInt(0), status, 0, rusage)).isEqualTo(pid.getInt(0));
        return status.getInt(0);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFreeBsdOnlyFunctionFailsCleanlyOnLinux() {
        FreeBsdLibc libc = FreeBsdNative.libc();
        assertThatThrownBy(() -> libc.pdkill(0, 0)).isInstanceOf(UnsatisfiedLinkError.class);
        assertThatThrownBy(() -> libc.posix_spawnattr_setprocdescp_np(null, null, 0)).isInstanceOf(UnsatisfiedLinkError.class);
    }

    @Test
    void symbolProbeTellsPresentFromAbsent() {
        SymbolProbe probe = SymbolProbe.libc();
        assertThat(probe.has("getpid")).isTrue();
        assertThat(probe.has("posix_spawn")).isTrue();
        assertThat(probe.has("no_such_symbol_pdsup")).isFalse();
        assertThat(probe.libraryName()).isNotBlank();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void glibcHasNoProcessDescriptorSymbols() {
        SymbolProbe probe = SymbolProbe.libc();
        assertThat(probe.has("pdwait")).isFalse();
        assertThat(probe.has("pdkill")).isFalse();
        assertThat(probe.has("posix_spawnattr_setprocdescp_np")).isFalse();
    }

    @Test
    @EnabledOnOs(OS.FREEBSD)
    void freeBsdLibcHasTheRequiredSymbols() {
        SymbolProbe probe = SymbolProbe.libc();
        assertThat(probe.libraryName()).isEqualTo("libc.so.7");
        assertThat(FreeBsdProcessDescriptors.REQUIRED_SYMBOLS).allMatch(probe::has);
    }
}
