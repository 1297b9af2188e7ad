package org.pdsup.procdesc.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.posix.Posix;

/**
 * SIGCHLD read from a signalfd(2) on the kernel-event thread, instead of through the JVM's signal dispatch, which
 * starts a new thread for every signal it delivers ({@code jdk.internal.misc.Signal.dispatch}): two threads per
 * restart of a service spawned through the exec helper (its exit, then the service's), about 0.2 ms of CPU and
 * one more runnable thread on the path from an exit to the next spawn (docs/benchmarks.md, "Start path" and
 * "Restart path").
 *
 * <p>A signalfd only sees a signal that is blocked: a process-directed SIGCHLD that some thread has unblocked is
 * delivered to that thread, and with the default disposition (ignore) it is gone. So this is used only when
 * SIGCHLD is blocked in <em>every</em> thread of the process ({@code SigBlk} of each {@code /proc/self/task/*}
 * status): pdsup-jvm blocks it before it creates the JVM, every thread inherits the mask of the thread that
 * creates it, and HotSpot unblocks only its own signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, its suspend
 * signal, HUP, INT, TERM). The mask survives execve(2), so a re-executed pdsupd starts with it blocked too, and a
 * SIGCHLD pending across the exec is read by the new program. Spawned processes get an empty mask
 * (posix_spawn's SETSIGMASK, {@link PosixSpawn}). Under java(1) or a JUnit JVM it is not blocked, and the caller
 * keeps the JVM's handler.
 */
final class ChildSignalFd {
    private static final int SIGCHLD = LinuxSignals.number(Signal.CHLD);

    private ChildSignalFd() {}

    /**
     * If SIGCHLD is blocked in every thread now, opens a signalfd for it on {@code watcher}'s thread, which drains
     * it and runs {@code onChild} each time it is readable; true then. False, with nothing opened, otherwise.
     */
    static boolean watch(ExitWatcher watcher, Runnable onChild) {
        if (!blockedInEveryThread(Path.of("/proc/self/task"))) return false;
        Pointer mask = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Spawn.SIGSET_SIZE, true);
        // bits/sigset.h: signal n is bit n - 1 of the first unsigned long (little-endian: byte (n-1)/8)
        mask.putByte((SIGCHLD - 1) / 8, (byte) (1 << ((SIGCHLD - 1) % 8)));
        int fd = Linux.libc().signalfd(-1, mask, LinuxConstants.SFD_CLOEXEC | LinuxConstants.SFD_NONBLOCK);
        if (fd < 0) throw Linux.failure("signalfd(SIGCHLD)", Linux.errno());
        byte[] buf = new byte[LinuxStructs.SignalfdSiginfo.SIZE * 8]; // the watcher's thread only
        watcher.watchReadable(fd, readable -> {
            // standard signals coalesce: one or a few records, however many children ended; drain them all
            while (Posix.libc().read(readable, buf, buf.length) > 0) {
                // nothing in the records is needed: the reaper asks the kernel which children ended
            }
            onChild.run();
        });
        return true;
    }

    /** Whether every thread under {@code taskDir} (/proc/PID/task) has SIGCHLD in its blocked mask. */
    static boolean blockedInEveryThread(Path taskDir) {
        long bit = 1L << (SIGCHLD - 1);
        boolean any = false;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
            for (Path task : tasks) {
                Long blocked = sigBlk(task.resolve("status"));
                if (blocked == null) continue; // the thread ended meanwhile
                if ((blocked & bit) == 0) return false;
                any = true;
            }
        } catch (IOException e) {
            return false;
        }
        return any;
    }

    private static Long sigBlk(Path status) throws IOException {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("SigBlk:")) return Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
            return 0L;
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
