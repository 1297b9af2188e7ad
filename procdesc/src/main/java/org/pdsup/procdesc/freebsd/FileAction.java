package org.pdsup.procdesc.freebsd;

/** One posix_spawn file action, in the order posix_spawn applies them in the child. */
public sealed interface FileAction {

    /** {@code posix_spawn_file_actions_adddup2(fa, from, to)}: clears close-on-exec on {@code to}. */
    record Dup2(int from, int to) implements FileAction {}

    /** {@code posix_spawn_file_actions_addopen(fa, fd, path, oflag, mode)}. */
    record Open(int fd, String path, int oflag, int mode) implements FileAction {}

    /** {@code posix_spawn_file_actions_addchdir_np(fa, path)}. */
    record Chdir(String path) implements FileAction {}

    /** {@code posix_spawn_file_actions_addclosefrom_np(fa, from)}: closes every descriptor >= from. */
    record CloseFrom(int from) implements FileAction {}
}
