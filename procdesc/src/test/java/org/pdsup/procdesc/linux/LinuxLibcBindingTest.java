package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.linux.TestSupport.quiet;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.posix.Posix;

/** Bindings whose shape is easy to get wrong: the variadic syscall fallback and prctl with long varargs. */
class LinuxLibcBindingTest {

    @Test
    void rawPidfdSyscallsWorkWithFiveArguments() throws Exception {
        try (ProcessDescriptor pd = LinuxProcessDescriptors.withMode(SpawnMode.DIRECT)
                .spawn(quiet("/bin/sleep", "30").build())) {
            int fd = (int) Linux.libc().syscall(LinuxConstants.SYS_PIDFD_OPEN, pd.pid(), 0L, 0L, 0L);
            assertThat(fd).isPositive();
            try {
                assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString())
                        .isEqualTo("anon_inode:[pidfd]");
                assertThat(Linux.libc().syscall(LinuxConstants.SYS_PIDFD_SEND_SIGNAL, fd,
                        LinuxSignals.number(Signal.TERM), 0L, 0L)).isZero();
                assertThat(pd.waitFor().signal()).isEqualTo(Signal.TERM);
                assertThat(Linux.libc().syscall(LinuxConstants.SYS_PIDFD_SEND_SIGNAL, fd, 0L, 0L, 0L)).isEqualTo(-1);
                assertThat(Linux.errno()).isEqualTo(LinuxConstants.ESRCH);
            } finally {
                Posix.libc().close(fd);
            }
        }
    }

    @Test
    void prctlReadsBackTheSubreaperFlag() {
        LinuxProcessDescriptors.withMode(SpawnMode.DIRECT).becomeSubreaper();
        jnr.ffi.Pointer out = jnr.ffi.Memory.allocateDirect(Posix.runtime(), 4, true);
        assertThat(Linux.libc().prctl(LinuxConstants.PR_GET_CHILD_SUBREAPER, out.address(), 0L, 0L, 0L)).isZero();
        assertThat(out.getInt(0)).isEqualTo(1);
        assertThat(TestSupport.statusField(TestSupport.self(), "Pid")).isEqualTo("" + TestSupport.self());
    }

    @Test
    void resetChildSignalLeavesSigchldAtDefault() {
        LinuxProcessDescriptors.withMode(SpawnMode.DIRECT).resetChildSignal();
        long sigchldBit = 1L << (LinuxSignals.number(Signal.CHLD) - 1);
        long ignored = Long.parseUnsignedLong(TestSupport.statusField(TestSupport.self(), "SigIgn"), 16);
        long caught = Long.parseUnsignedLong(TestSupport.statusField(TestSupport.self(), "SigCgt"), 16);
        assertThat(ignored & sigchldBit).isZero();
        assertThat(caught & sigchldBit).isZero();
    }
}
