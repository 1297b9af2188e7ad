package org.pdsup.procdesc.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.ProcessDescriptorException;

/** What /proc tells about a pidfd inherited across exec, and about the calling thread. */
final class InheritedPidfd {
    private InheritedPidfd() {}

    /** The {@code Pid:} line of /proc/self/fdinfo/FD (fs/pidfs.c, kernel/pid.c pidfd_show_fdinfo). */
    static int pidOf(int fd) {
        Path info = Path.of("/proc/self/fdinfo/" + fd);
        try {
            for (String line : Files.readAllLines(info)) {
                if (line.startsWith("Pid:")) {
                    int pid = Integer.parseInt(line.substring(4).trim());
                    if (pid <= 0) throw new NoSuchProcessException("descriptor " + fd + " names a reaped process");
                    return pid;
                }
            }
        } catch (IOException e) {
            throw new ProcessDescriptorException("descriptor " + fd + " is not open: " + e.getMessage(), 9);
        } catch (NumberFormatException e) {
            throw new ProcessDescriptorException("descriptor " + fd + ": unreadable Pid line in " + info, 0);
        }
        throw new ProcessDescriptorException("descriptor " + fd + " is not a pidfd (no Pid line in " + info + ")", 0);
    }

    /** True when the calling thread is the process's first one (its thread id is the process id). */
    static boolean firstThread() {
        try {
            // "PID/task/TID"
            String[] self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString().split("/");
            return self.length == 3 && self[0].equals(self[2]);
        } catch (IOException e) {
            return false;
        }
    }
}
