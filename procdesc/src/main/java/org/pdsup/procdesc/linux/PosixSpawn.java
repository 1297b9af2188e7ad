package org.pdsup.procdesc.linux;

import java.util.List;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.posix.Posix;

/**
 * One posix_spawn(3) call with glibc's caller-allocated attributes and file actions, always destroyed:
 * every signal reset to its default (SETSIGDEF with a set of all 0xFF bytes: glibc's sigfillset leaves out 32
 * and 33, pitfall 4), an empty signal mask (SETSIGMASK: JVM threads block signals, pitfall 5), the descriptors
 * moved into place, every other descriptor below {@code closeFrom} closed, the working directory changed,
 * everything from {@code closeFrom} up closed (pitfall 6), and on request a new session (POSIX_SPAWN_SETSID).
 */
final class PosixSpawn {
    private PosixSpawn() {}

    /** Parent descriptor {@code parentFd} becomes child descriptor {@code childFd}. */
    record Move(int parentFd, int childFd) {}

    /** posix_spawn returned an error number (it does not set errno). */
    static final class Failed extends Exception {
        final int errno;

        Failed(int errno) {
            super("posix_spawn failed: " + Linux.describe(errno));
            this.errno = errno;
        }
    }

    private static final Pointer EMPTY_SET = sigset((byte) 0);
    private static final Pointer FULL_SET = sigset((byte) 0xFF);

    private static Pointer sigset(byte fill) {
        Pointer p = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Spawn.SIGSET_SIZE, true);
        for (int i = 0; i < LinuxStructs.Spawn.SIGSET_SIZE; i++) p.putByte(i, fill);
        return p;
    }

    /**
     * Spawns {@code path} and returns the child's PID.
     *
     * <p>Descriptors are moved as {@link SpawnFdPlan} orders them: sources are never overwritten before they are
     * read, and the one temporary a cycle needs is the lowest unused number, so a spawn works under a low
     * {@code RLIMIT_NOFILE} as long as the slots themselves fit (glibc refuses any number at or above the
     * limit with EBADF).
     */
    static int spawn(String path, List<String> argv, List<String> env, List<Move> moves, String directory,
                     int closeFrom, boolean setsid) throws Failed {
        LinuxLibc c = Linux.libc();
        Pointer attr = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Spawn.POSIX_SPAWNATTR_SIZE, true);
        Pointer actions = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Spawn.POSIX_SPAWN_FILE_ACTIONS_SIZE,
                true);
        check(c.posix_spawnattr_init(attr));
        try {
            check(c.posix_spawn_file_actions_init(actions));
            try {
                short flags = (short) (LinuxConstants.POSIX_SPAWN_SETSIGDEF | LinuxConstants.POSIX_SPAWN_SETSIGMASK
                        | (setsid ? LinuxConstants.POSIX_SPAWN_SETSID : 0));
                check(c.posix_spawnattr_setflags(attr, flags));
                check(c.posix_spawnattr_setsigmask(attr, EMPTY_SET));
                check(c.posix_spawnattr_setsigdefault(attr, FULL_SET));
                for (SpawnFdPlan.Step step : SpawnFdPlan.plan(moves, closeFrom)) {
                    if (step instanceof SpawnFdPlan.Dup2 d) {
                        check(c.posix_spawn_file_actions_adddup2(actions, d.from(), d.to()));
                    } else {
                        check(c.posix_spawn_file_actions_addclose(actions, ((SpawnFdPlan.Close) step).fd()));
                    }
                }
                if (directory != null) check(c.posix_spawn_file_actions_addchdir_np(actions, directory));
                check(c.posix_spawn_file_actions_addclosefrom_np(actions, closeFrom));

                NativeStrings nativeArgv = NativeStrings.of(argv);
                NativeStrings nativeEnv = NativeStrings.of(env);
                Pointer pidOut = Memory.allocateDirect(Posix.runtime(), 4, true);
                int rc = c.posix_spawn(pidOut, path, actions, attr, nativeArgv.pointer(), nativeEnv.pointer());
                nativeArgv.keepAlive();
                nativeEnv.keepAlive();
                if (rc != 0) throw new Failed(rc);
                return pidOut.getInt(0);
            } finally {
                c.posix_spawn_file_actions_destroy(actions);
            }
        } finally {
            c.posix_spawnattr_destroy(attr);
        }
    }

    private static void check(int rc) throws Failed {
        if (rc != 0) throw new Failed(rc);
    }
}
