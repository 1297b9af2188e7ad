package org.pdsup.procdesc.freebsd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.pdsup.procdesc.SpawnException;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * Close-on-exec duplicates ({@code F_DUPFD_CLOEXEC}) of the descriptors a spawn dup2s into the child, all at or
 * above the child's {@code closefrom} floor (see {@link ChildFdPlan}); closed in the parent after the spawn.
 */
final class FdDuplicates implements AutoCloseable {
    private final FreeBsdLibc libc;
    private final Map<Integer, Integer> duplicates = new LinkedHashMap<>();

    private FdDuplicates(FreeBsdLibc libc) {
        this.libc = libc;
    }

    static FdDuplicates of(FreeBsdLibc libc, Set<Integer> sources, int floor, String program) throws SpawnException {
        FdDuplicates d = new FdDuplicates(libc);
        for (int fd : sources) {
            int dup = libc.fcntl(fd, F_DUPFD_CLOEXEC, floor);
            if (dup < 0) {
                int e = FreeBsdNative.errno();
                d.close();
                throw new SpawnException("cannot pass descriptor " + fd + " to " + program + ": "
                        + FreeBsdErrno.describe(e), e, "dup", FreeBsdErrno.isTransient(e) || e == EMFILE);
            }
            d.duplicates.put(fd, dup);
        }
        return d;
    }

    int of(int parentFd) {
        Integer dup = duplicates.get(parentFd);
        if (dup == null) throw new IllegalArgumentException("descriptor " + parentFd + " was not duplicated");
        return dup;
    }

    @Override
    public void close() {
        for (int dup : duplicates.values()) libc.close(dup);
        duplicates.clear();
    }
}
