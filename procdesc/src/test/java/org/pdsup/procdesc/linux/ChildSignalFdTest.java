package org.pdsup.procdesc.linux;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the signalfd may be used: only if SIGCHLD (bit 16 of SigBlk) is blocked in every thread. The installed
 * daemon's side (pdsup-jvm blocks it; orphans reaped; services unblocked) is packaging's ChildSignalTest.
 */
class ChildSignalFdTest {
    @TempDir
    Path tasks;

    private void thread(String tid, String sigBlk) throws Exception {
        Files.createDirectories(tasks.resolve(tid));
        Files.writeString(tasks.resolve(tid).resolve("status"),
                "Name:\tjava\nState:\tS (sleeping)\nSigPnd:\t0000000000000000\nSigBlk:\t" + sigBlk
                        + "\nSigIgn:\t0000000000000000\n");
    }

    @Test
    void blockedEverywhere() throws Exception {
        thread("100", "0000000000010000");
        thread("101", "0000000000010004");
        assertTrue(ChildSignalFd.blockedInEveryThread(tasks));
    }

    @Test
    void oneThreadWithItUnblockedIsEnoughToRefuse() throws Exception {
        thread("100", "0000000000010000");
        thread("101", "0000000000000004");
        assertFalse(ChildSignalFd.blockedInEveryThread(tasks));
    }

    @Test
    void thisJvmDoesNotBlockIt() {
        // a JVM started by java(1), like this test's: the daemon keeps the JVM's handler here
        assertFalse(ChildSignalFd.blockedInEveryThread(Path.of("/proc/self/task")));
    }

    @Test
    void noThreadsOrNoDirectoryIsNo() {
        assertFalse(ChildSignalFd.blockedInEveryThread(tasks));
        assertFalse(ChildSignalFd.blockedInEveryThread(tasks.resolve("missing")));
    }
}
