package org.pdsup.procdesc.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.Lock;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.posix.Posix;

/**
 * Reaps exited children that no descriptor tracks (orphans re-parented to us as subreaper), never a tracked one
 * (platform-facts pitfall 3). A peek with {@code waitid(P_ALL, WEXITED|WNOHANG|WNOWAIT)} finds an exited child;
 * an untracked one is reaped with {@code waitid(P_PID, pid, WEXITED|WNOHANG)}.
 *
 * <p>A tracked child stays first in line until its descriptor's owner collects it, which is usually a moment
 * away: the first time one stands in the way the call returns, and the caller comes back once that exit has been
 * collected. Only when the same tracked child is still first in line on the next call (an owner that does not
 * collect, or a burst of calls before it could) is every child tried by PID. The children are listed from
 * {@code /proc/self/task/TID/children} (CONFIG_PROC_CHILDREN; a few reads), else by reading /proc/PID/stat of
 * every process (some 20 ms and megabytes of garbage at 1,000 services).
 */
final class OrphanReaper {
    private OrphanReaper() {}

    /** The tracked child that stood first in line when the previous call returned, or 0; under the write lock. */
    private static int previousBlocker;

    static int reap() {
        // Nothing has exited (the usual case: SIGCHLD for an exit its descriptor's owner has already collected):
        // no lock. The peek leaves zombies alone, so it needs none; the write lock, which every spawn in flight
        // holds back, is taken only when there may be something to reap.
        // (previousBlocker stays: a blocker gone since cannot stand first in line again, and a new child given its
        // PID only makes the next call look at every child once more.)
        if (peek() <= 0) return 0;
        Lock lock = ChildRegistry.lock().writeLock();
        lock.lock();
        try {
            int reaped = 0;
            while (true) {
                int pid = peek();
                if (pid <= 0) {
                    previousBlocker = 0;
                    return reaped;
                }
                if (!ChildRegistry.isTracked(pid)) {
                    if (reapOne(pid)) reaped++;
                    continue;
                }
                if (pid != previousBlocker) {
                    previousBlocker = pid;
                    return reaped;
                }
                previousBlocker = 0;
                for (int child : children()) {
                    if (!ChildRegistry.isTracked(child) && reapOne(child)) reaped++;
                }
                return reaped;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether some child has exited and waits to be reaped (tracked or not); no lock, nothing reaped. */
    static boolean exitedChildWaiting() {
        return peek() > 0;
    }

    /** PID of some exited child, left unreaped; 0 when none has exited; -1 when there are no children. */
    private static int peek() {
        Pointer si = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Siginfo.SIZE, true);
        while (true) {
            int rc = Linux.libc().waitid(LinuxConstants.P_ALL, 0, si,
                    LinuxConstants.WEXITED | LinuxConstants.WNOHANG | LinuxConstants.WNOWAIT);
            if (rc == 0) return si.getInt(LinuxStructs.Siginfo.SI_PID);
            int e = Linux.errno();
            if (e == LinuxConstants.EINTR) continue;
            if (e == LinuxConstants.ECHILD) return -1;
            throw Linux.failure("waitid(P_ALL)", e);
        }
    }

    private static boolean reapOne(int pid) {
        Pointer si = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Siginfo.SIZE, true);
        while (true) {
            int rc = Linux.libc().waitid(LinuxConstants.P_PID, pid, si, LinuxConstants.WEXITED | LinuxConstants.WNOHANG);
            if (rc == 0) return si.getInt(LinuxStructs.Siginfo.SI_PID) == pid;
            int e = Linux.errno();
            if (e == LinuxConstants.EINTR) continue;
            return false; // ECHILD: not (or no longer) our child
        }
    }

    /** Whether this kernel lists each thread's children (CONFIG_PROC_CHILDREN). */
    private static final boolean TASK_CHILDREN =
            Files.isReadable(Path.of("/proc/self/task/" + ProcessHandle.current().pid() + "/children"));

    /** Our children (of every thread of this process). */
    static Set<Integer> children() {
        return TASK_CHILDREN ? childrenFromTasks() : childrenFromStat();
    }

    /**
     * The children each thread lists in /proc/self/task/TID/children. proc(5) warns that the list can miss a
     * child that is born or reaped while it is read; a zombie missed now is reaped on a later call.
     */
    static Set<Integer> childrenFromTasks() {
        Set<Integer> pids = new LinkedHashSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String list;
                try {
                    list = Files.readString(task.resolve("children"), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                for (String pid : list.trim().split(" ")) {
                    if (!pid.isEmpty()) pids.add(Integer.parseInt(pid));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/task: " + e.getMessage(), e);
        }
        return pids;
    }

    /** PIDs whose /proc/PID/stat names us as parent: for kernels without CONFIG_PROC_CHILDREN. */
    static Set<Integer> childrenFromStat() {
        int self = (int) ProcessHandle.current().pid();
        Set<Integer> pids = new LinkedHashSet<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                int pid;
                try {
                    pid = Integer.parseInt(p.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                ProcStat.read(pid).filter(s -> s.ppid() == self).ifPresent(s -> pids.add(pid));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return pids;
    }
}
