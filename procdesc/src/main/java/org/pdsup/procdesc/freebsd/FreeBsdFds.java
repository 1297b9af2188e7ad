package org.pdsup.procdesc.freebsd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import jnr.ffi.Pointer;

import org.pdsup.procdesc.Pipe;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/** The plain descriptor calls the spawn paths need, with FreeBSD flag values. */
final class FreeBsdFds {
    private FreeBsdFds() {}

    /** pipe2(O_CLOEXEC). */
    static Pipe pipe(FreeBsdLibc libc) {
        Pointer fds = FreeBsdNative.allocate(8);
        if (libc.pipe2(fds, O_CLOEXEC) != 0) throw new NativeCallException("pipe2(O_CLOEXEC)", FreeBsdNative.errno());
        return new Pipe(fds.getInt(0), fds.getInt(4));
    }

    /** socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0); returns both ends. */
    static int[] socketPair(FreeBsdLibc libc) {
        Pointer sv = FreeBsdNative.allocate(8);
        if (libc.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
            throw new NativeCallException("socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC)", FreeBsdNative.errno());
        }
        return new int[] {sv.getInt(0), sv.getInt(4)};
    }

    /** Reads {@code fd} to end of file (the exec helper's status pipe), retrying on EINTR; at most 4 KiB kept. */
    static String readToEof(FreeBsdLibc libc, int fd) {
        Pointer buf = FreeBsdNative.allocate(512);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[512];
        while (true) {
            long n = libc.read(fd, buf, 512);
            if (n == 0) break;
            if (n < 0) {
                int e = FreeBsdNative.errno();
                if (e == EINTR) continue;
                throw new NativeCallException("read(" + fd + ")", e);
            }
            if (out.size() < 4096) {
                buf.get(0, chunk, 0, (int) n);
                out.write(chunk, 0, (int) n);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Sends one byte with MSG_NOSIGNAL; false when the peer is gone. */
    static boolean sendByte(FreeBsdLibc libc, int fd, byte b) {
        Pointer buf = FreeBsdNative.allocate(1);
        buf.putByte(0, b);
        while (true) {
            long n = libc.send(fd, buf, 1, MSG_NOSIGNAL);
            if (n == 1) return true;
            if (n < 0 && FreeBsdNative.errno() == EINTR) continue;
            return false;
        }
    }

    /** close(2), ignoring errors (used on cleanup paths). */
    static void closeQuietly(FreeBsdLibc libc, int fd) {
        if (fd >= 0) libc.close(fd);
    }
}
