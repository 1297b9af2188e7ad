package org.pdsup.procdesc.freebsd;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jnr.ffi.Pointer;

import org.pdsup.procdesc.Accounts;
import org.pdsup.procdesc.ProcessDescriptorException;
import org.pdsup.procdesc.UnsupportedPlatformException;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * The FreeBSD user and group database through libc's reentrant getpwnam_r/getpwuid_r/getgrnam_r/getgrgid_r and
 * getgrouplist (so nsswitch sources count), reading FreeBSD's {@code struct passwd} ({@link PasswdLayout},
 * {@code include/pwd.h}) and {@code struct group} ({@link GroupLayout}, {@code include/grp.h}).
 * Refuses to be created anywhere but FreeBSD: glibc's struct passwd has another layout.
 */
public final class FreeBsdAccounts implements Accounts {
    private static final int INITIAL_BUFFER = 1024;
    private static final int MAX_BUFFER = 1 << 20;
    private static final int MAX_GROUPS = 65536;

    private final FreeBsdLibc libc;

    /**
     * @throws UnsupportedPlatformException when not on FreeBSD amd64/arm64
     */
    public FreeBsdAccounts() {
        PlatformCheck.requireFreeBsd(System.getProperty("os.name"), System.getProperty("os.arch"));
        this.libc = FreeBsdNative.libc();
    }

    /** Over a given binding (tests load {@link FreeBsdLibc} against a stub library). */
    FreeBsdAccounts(FreeBsdLibc libc) {
        this.libc = libc;
    }

    @FunctionalInterface
    private interface Lookup {
        int call(Pointer struct, Pointer buf, long buflen, Pointer result);
    }

    @Override
    public Optional<User> userByName(String name) {
        requireName(name, "user");
        return lookup(PasswdLayout.SIZE, (s, b, n, r) -> libc.getpwnam_r(name, s, b, n, r), "getpwnam_r(" + name + ")",
                FreeBsdAccounts::readUser);
    }

    @Override
    public Optional<User> userById(int uid) {
        return lookup(PasswdLayout.SIZE, (s, b, n, r) -> libc.getpwuid_r(uid, s, b, n, r), "getpwuid_r(" + uid + ")",
                FreeBsdAccounts::readUser);
    }

    @Override
    public Optional<Group> groupByName(String name) {
        requireName(name, "group");
        return lookup(GroupLayout.SIZE, (s, b, n, r) -> libc.getgrnam_r(name, s, b, n, r), "getgrnam_r(" + name + ")",
                FreeBsdAccounts::readGroup);
    }

    @Override
    public Optional<Group> groupById(int gid) {
        return lookup(GroupLayout.SIZE, (s, b, n, r) -> libc.getgrgid_r(gid, s, b, n, r), "getgrgid_r(" + gid + ")",
                FreeBsdAccounts::readGroup);
    }

    @Override
    public List<Integer> groupIdsOf(String user, int gid) {
        requireName(user, "user");
        for (int size = 64; size <= MAX_GROUPS; size *= 4) {
            Pointer groups = FreeBsdNative.allocate(4L * size);
            Pointer n = FreeBsdNative.allocate(4);
            n.putInt(0, size);
            int r = libc.getgrouplist(user, gid, groups, n);
            int count = Math.min(n.getInt(0), size);
            if (r == 0) return readGroupList(groups, count, gid);
        }
        throw new ProcessDescriptorException("getgrouplist(" + user + ") found more than " + MAX_GROUPS + " groups", ERANGE);
    }

    /** The first {@code count} gids of {@code groups}, without duplicates, with {@code gid} first. */
    static List<Integer> readGroupList(Pointer groups, int count, int gid) {
        Set<Integer> out = new LinkedHashSet<>();
        out.add(gid);
        for (int i = 0; i < count; i++) out.add(groups.getInt(4L * i));
        return List.copyOf(new ArrayList<>(out));
    }

    /** Runs a *_r lookup, growing the buffer on ERANGE, and decodes the struct while its strings live. */
    private <T> Optional<T> lookup(int structSize, Lookup call, String what, Function<Pointer, T> decode) {
        int size = INITIAL_BUFFER;
        while (size <= MAX_BUFFER) {
            Pointer struct = FreeBsdNative.allocate(structSize);
            Pointer buf = FreeBsdNative.allocate(size);
            Pointer result = FreeBsdNative.allocate(8);
            int rc = call.call(struct, buf, size, result);
            if (rc == EINTR) continue;
            if (rc == ERANGE) {
                size *= 4;
                continue;
            }
            if (rc != 0) throw new NativeCallException(what, rc);
            if (result.getAddress(0) == 0L) return Optional.empty();
            T value = decode.apply(struct);
            Reference.reachabilityFence(buf); // the struct's strings point into buf
            return Optional.of(value);
        }
        throw new ProcessDescriptorException(what + ": entry larger than " + MAX_BUFFER + " bytes", ERANGE);
    }

    /** A {@link User} from a FreeBSD {@code struct passwd}. */
    static User readUser(Pointer pw) {
        return new User(string(pw, PasswdLayout.PW_NAME), pw.getInt(PasswdLayout.PW_UID),
                pw.getInt(PasswdLayout.PW_GID), string(pw, PasswdLayout.PW_DIR));
    }

    /** A {@link Group} from a {@code struct group}. */
    static Group readGroup(Pointer gr) {
        return new Group(string(gr, GroupLayout.GR_NAME), gr.getInt(GroupLayout.GR_GID));
    }

    private static String string(Pointer struct, int offset) {
        if (struct.getAddress(offset) == 0L) return "";
        return struct.getPointer(offset).getString(0, Integer.MAX_VALUE, StandardCharsets.UTF_8);
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " name must be non-empty and without NUL: '" + name + "'");
        }
    }
}
