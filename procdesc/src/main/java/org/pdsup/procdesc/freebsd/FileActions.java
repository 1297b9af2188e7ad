package org.pdsup.procdesc.freebsd;

import java.util.List;

import jnr.ffi.Pointer;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * A {@code posix_spawn_file_actions_t} (8-byte handle to a libc-allocated list, platform-facts 1.3), filled
 * from a {@link ChildFdPlan}'s {@link FileAction}s and destroyed on close.
 */
final class FileActions implements AutoCloseable {
    private final FreeBsdLibc libc;
    private final Pointer handle;
    private boolean destroyed;

    private FileActions(FreeBsdLibc libc, Pointer handle) {
        this.libc = libc;
        this.handle = handle;
    }

    static FileActions create(FreeBsdLibc libc, List<FileAction> actions) {
        Pointer handle = FreeBsdNative.allocate(SPAWN_HANDLE_SIZE);
        check("posix_spawn_file_actions_init", libc.posix_spawn_file_actions_init(handle));
        FileActions fa = new FileActions(libc, handle);
        try {
            for (FileAction a : actions) fa.add(a);
        } catch (RuntimeException e) {
            fa.close();
            throw e;
        }
        return fa;
    }

    private void add(FileAction a) {
        if (a instanceof FileAction.Dup2 d) {
            check("posix_spawn_file_actions_adddup2(" + d.from() + ", " + d.to() + ")",
                    libc.posix_spawn_file_actions_adddup2(handle, d.from(), d.to()));
        } else if (a instanceof FileAction.Open o) {
            check("posix_spawn_file_actions_addopen(" + o.fd() + ", " + o.path() + ")",
                    libc.posix_spawn_file_actions_addopen(handle, o.fd(), o.path(), o.oflag(), (short) o.mode()));
        } else if (a instanceof FileAction.Chdir c) {
            check("posix_spawn_file_actions_addchdir_np(" + c.path() + ")",
                    libc.posix_spawn_file_actions_addchdir_np(handle, c.path()));
        } else if (a instanceof FileAction.CloseFrom c) {
            check("posix_spawn_file_actions_addclosefrom_np(" + c.from() + ")",
                    libc.posix_spawn_file_actions_addclosefrom_np(handle, c.from()));
        } else {
            throw new IllegalArgumentException("unknown file action " + a);
        }
    }

    Pointer pointer() {
        return handle;
    }

    @Override
    public void close() {
        if (destroyed) return;
        destroyed = true;
        libc.posix_spawn_file_actions_destroy(handle);
    }

    private static void check(String call, int rc) {
        if (rc != 0) throw new NativeCallException(call, rc);
    }
}
