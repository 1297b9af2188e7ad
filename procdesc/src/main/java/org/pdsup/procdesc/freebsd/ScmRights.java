package org.pdsup.procdesc.freebsd;

import java.util.ArrayList;
import java.util.List;

import jnr.ffi.Pointer;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;
import static org.pdsup.procdesc.freebsd.MsghdrLayout.*;

/**
 * Receiving descriptors over a Unix socket with {@code SCM_RIGHTS}, in FreeBSD's {@code msghdr}/{@code cmsghdr}
 * layout ({@link MsghdrLayout}): how the exec helper's process descriptor and the service's PID (a native int
 * payload) come back in fork-and-pass mode. Received descriptors are close-on-exec ({@code MSG_CMSG_CLOEXEC}).
 */
public final class ScmRights {
    private ScmRights() {}

    /** Room for this many descriptors in one message; more than one from the helper is an error. */
    public static final int MAX_FDS = 4;

    /**
     * What one recvmsg(2) delivered.
     *
     * @param bytes   payload bytes received; 0 at end of file
     * @param payload the payload bytes
     * @param fds     descriptors received with SCM_RIGHTS, in order
     * @param flags   msg_flags (MSG_CTRUNC when descriptors were lost)
     */
    public record Message(int bytes, byte[] payload, List<Integer> fds, int flags) {
        public boolean truncated() {
            return (flags & (MSG_CTRUNC | MSG_TRUNC)) != 0;
        }
    }

    /** The native buffers of one receive: a msghdr pointing at one iovec and a control buffer. */
    public static final class Buffers {
        final Pointer msghdr;
        final Pointer iovec;
        final Pointer data;
        final Pointer control;
        final int dataLength;
        final int controlLength;

        Buffers(int dataLength, int maxFds) {
            this.dataLength = dataLength;
            this.controlLength = cmsgSpace(4 * maxFds);
            this.msghdr = FreeBsdNative.allocate(MSGHDR_SIZE);
            this.iovec = FreeBsdNative.allocate(IOVEC_SIZE);
            this.data = FreeBsdNative.allocate(Math.max(1, dataLength));
            this.control = FreeBsdNative.allocate(controlLength);
            iovec.putPointer(IOV_BASE, data);
            iovec.putLong(IOV_LEN, dataLength);
            msghdr.putAddress(MSG_NAME, 0L);
            msghdr.putInt(MSG_NAMELEN, 0);
            msghdr.putPointer(MSG_IOV, iovec);
            msghdr.putInt(MSG_IOVLEN, 1);
            msghdr.putPointer(MSG_CONTROL, control);
            msghdr.putInt(MSG_CONTROLLEN, controlLength);
            msghdr.putInt(MSG_FLAGS, 0);
        }

        public Pointer msghdr() {
            return msghdr;
        }

        public Pointer control() {
            return control;
        }

        public Pointer data() {
            return data;
        }

        public int controlLength() {
            return controlLength;
        }
    }

    /** Buffers for a message of up to {@code dataLength} payload bytes and {@code maxFds} descriptors. */
    public static Buffers buffers(int dataLength, int maxFds) {
        return new Buffers(dataLength, maxFds);
    }

    /** One blocking recvmsg on {@code sock}, retried on EINTR. */
    public static Message receive(FreeBsdLibc libc, int sock, int dataLength) {
        Buffers b = buffers(dataLength, MAX_FDS);
        while (true) {
            long n = libc.recvmsg(sock, b.msghdr, MSG_CMSG_CLOEXEC);
            if (n >= 0) return decode(b, (int) n);
            int e = FreeBsdNative.errno();
            if (e != EINTR) throw new NativeCallException("recvmsg(" + sock + ")", e);
        }
    }

    /** Reads what the kernel left in {@code b} after a recvmsg that returned {@code n}. */
    public static Message decode(Buffers b, int n) {
        byte[] payload = new byte[Math.max(0, n)];
        if (n > 0) b.data.get(0, payload, 0, n);
        int controlLength = b.msghdr.getInt(MSG_CONTROLLEN);
        int flags = b.msghdr.getInt(MSG_FLAGS);
        return new Message(n, payload, rights(b.control, controlLength), flags);
    }

    /**
     * The descriptors of every {@code SOL_SOCKET}/{@code SCM_RIGHTS} message in a control buffer of
     * {@code controlLength} bytes, walked as CMSG_FIRSTHDR / CMSG_NXTHDR do.
     */
    public static List<Integer> rights(Pointer control, int controlLength) {
        List<Integer> fds = new ArrayList<>();
        int off = 0;
        if (controlLength < CMSGHDR_SIZE) return fds;
        while (true) {
            int len = control.getInt(off + CMSG_LEN_FIELD);
            if (len < CMSGHDR_SIZE) break;
            int level = control.getInt(off + CMSG_LEVEL);
            int type = control.getInt(off + CMSG_TYPE);
            if (level == SOL_SOCKET && type == SCM_RIGHTS) {
                int count = (len - cmsgDataOffset()) / 4;
                for (int i = 0; i < count; i++) fds.add(control.getInt(off + cmsgDataOffset() + 4L * i));
            }
            int next = off + align(len);
            if (next + align(CMSGHDR_SIZE) > controlLength) break;
            off = next;
        }
        return fds;
    }

    /**
     * Writes one SCM_RIGHTS control message carrying {@code fds} at {@code offset} of {@code control} (as
     * sendmsg expects it, and as recvmsg returns it); returns the offset of the next message.
     */
    public static int writeRights(Pointer control, int offset, int... fds) {
        int dataLen = 4 * fds.length;
        control.setMemory(offset, cmsgSpace(dataLen), (byte) 0);
        control.putInt(offset + CMSG_LEN_FIELD, cmsgLen(dataLen));
        control.putInt(offset + CMSG_LEVEL, SOL_SOCKET);
        control.putInt(offset + CMSG_TYPE, SCM_RIGHTS);
        for (int i = 0; i < fds.length; i++) control.putInt(offset + cmsgDataOffset() + 4L * i, fds[i]);
        return offset + cmsgSpace(dataLen);
    }
}
