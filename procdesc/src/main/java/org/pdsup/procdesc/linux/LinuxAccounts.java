package org.pdsup.procdesc.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.Accounts;
import org.pdsup.procdesc.ProcessDescriptorException;
import org.pdsup.procdesc.posix.Posix;
import org.pdsup.procdesc.posix.PosixLibc;

/**
 * {@link Accounts} on glibc: getpwnam_r(3), getpwuid_r, getgrnam_r, getgrgid_r and getgrouplist(3), so NSS
 * sources count. Reentrant calls with a per-call buffer: safe from any thread.
 */
public final class LinuxAccounts implements Accounts {

    private static final int INITIAL_BUFFER = 4096;
    private static final int MAX_BUFFER = 1 << 20;

    private interface Lookup {
        int call(PosixLibc libc, Pointer struct, Pointer buf, long len, Pointer result);
    }

    @Override
    public Optional<User> userByName(String name) {
        if (name == null || name.isEmpty()) return Optional.empty();
        return lookup("getpwnam_r(" + name + ")", LinuxStructs.Passwd.SIZE,
                (l, s, b, n, r) -> l.getpwnam_r(name, s, b, n, r), LinuxAccounts::user);
    }

    @Override
    public Optional<User> userById(int uid) {
        return lookup("getpwuid_r(" + uid + ")", LinuxStructs.Passwd.SIZE,
                (l, s, b, n, r) -> l.getpwuid_r(uid, s, b, n, r), LinuxAccounts::user);
    }

    @Override
    public Optional<Group> groupByName(String name) {
        if (name == null || name.isEmpty()) return Optional.empty();
        return lookup("getgrnam_r(" + name + ")", LinuxStructs.Group.SIZE,
                (l, s, b, n, r) -> l.getgrnam_r(name, s, b, n, r), LinuxAccounts::group);
    }

    @Override
    public Optional<Group> groupById(int gid) {
        return lookup("getgrgid_r(" + gid + ")", LinuxStructs.Group.SIZE,
                (l, s, b, n, r) -> l.getgrgid_r(gid, s, b, n, r), LinuxAccounts::group);
    }

    @Override
    public List<Integer> groupIdsOf(String user, int gid) {
        int capacity = 64;
        while (true) {
            Pointer groups = Memory.allocateDirect(Posix.runtime(), capacity * 4L, true);
            Pointer count = Memory.allocateDirect(Posix.runtime(), 4, true);
            count.putInt(0, capacity);
            int n = Posix.libc().getgrouplist(user, gid, groups, count);
            int reported = count.getInt(0);
            if (n >= 0) {
                List<Integer> ids = new ArrayList<>(reported);
                for (int i = 0; i < reported; i++) ids.add(groups.getInt(i * 4L));
                return List.copyOf(ids);
            }
            if (reported <= capacity) capacity *= 2; else capacity = reported;
            if (capacity > 65536) {
                throw new ProcessDescriptorException("getgrouplist(" + user + "): more than 65536 groups", 0);
            }
        }
    }

    /** Runs {@code lookup} with growing buffers and decodes the entry while its string buffer is alive. */
    private static <T> Optional<T> lookup(String call, int structSize, Lookup lookup, Function<Pointer, T> decode) {
        PosixLibc libc = Posix.libc();
        for (int size = INITIAL_BUFFER; size <= MAX_BUFFER; size *= 2) {
            Pointer struct = Memory.allocateDirect(Posix.runtime(), structSize, true);
            Pointer buf = Memory.allocateDirect(Posix.runtime(), size, true);
            Pointer result = Memory.allocateDirect(Posix.runtime(), 8, true);
            int rc = lookup.call(libc, struct, buf, size, result);
            if (rc == LinuxConstants.ERANGE) continue;
            if (result.getAddress(0) != 0) {
                T value = decode.apply(struct);
                java.lang.ref.Reference.reachabilityFence(buf);
                return Optional.of(value);
            }
            // getpwnam_r(3): "not found" is rc 0 with a NULL result, or one of ENOENT, ESRCH, EBADF, EPERM
            if (rc == 0 || rc == LinuxConstants.ENOENT || rc == LinuxConstants.ESRCH || rc == LinuxConstants.EBADF
                    || rc == LinuxConstants.EPERM) {
                return Optional.empty();
            }
            throw new ProcessDescriptorException(call + " failed: " + Posix.strerror(rc), rc);
        }
        throw new ProcessDescriptorException(call + ": entry larger than " + MAX_BUFFER + " bytes",
                LinuxConstants.ERANGE);
    }

    private static User user(Pointer pw) {
        return new User(string(pw, LinuxStructs.Passwd.PW_NAME), pw.getInt(LinuxStructs.Passwd.PW_UID),
                pw.getInt(LinuxStructs.Passwd.PW_GID), string(pw, LinuxStructs.Passwd.PW_DIR));
    }

    private static Group group(Pointer gr) {
        return new Group(string(gr, LinuxStructs.Group.GR_NAME), gr.getInt(LinuxStructs.Group.GR_GID));
    }

    private static String string(Pointer struct, int offset) {
        Pointer p = struct.getPointer(offset);
        return p == null ? "" : p.getString(0);
    }
}
