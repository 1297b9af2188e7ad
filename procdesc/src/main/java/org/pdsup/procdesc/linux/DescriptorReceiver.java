package org.pdsup.procdesc.linux;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.posix.Posix;

/**
 * Receives one descriptor with SCM_RIGHTS plus a native-int payload (the PID) from the exec helper: recvmsg(2)
 * with struct msghdr, struct iovec and one struct cmsghdr laid out as in bits/socket.h
 * ({@link LinuxStructs.MsgHdr}, {@link LinuxStructs.CmsgHdr}, {@link LinuxStructs.Iovec}). MSG_CMSG_CLOEXEC
 * makes the received descriptor close-on-exec.
 */
final class DescriptorReceiver {
    private DescriptorReceiver() {}

    /** The descriptor and PID sent by the helper. */
    record Received(int fd, int pid) {}

    /** A message of native ints, with the descriptor that came with it or -1. */
    record Message(int fd, int[] payload) {}

    /**
     * Blocks for one message on {@code socket}.
     *
     * @return the descriptor and PID, or null at end of stream (the helper exited without sending)
     */
    static Received receive(int socket) {
        Message m = receive(socket, 1);
        if (m == null) return null;
        if (m.fd() < 0) throw new IllegalStateException("exec helper sent a message without a descriptor");
        return new Received(m.fd(), m.payload()[0]);
    }

    /**
     * Blocks for one message of exactly {@code ints} native ints, with at most one descriptor (SCM_RIGHTS).
     *
     * @return the message, or null at end of stream
     * @throws IllegalStateException for a message of another length (its descriptor, if any, is closed)
     */
    static Message receive(int socket, int ints) {
        Pointer payload = Memory.allocateDirect(Posix.runtime(), 4L * ints, true);
        Pointer iov = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Iovec.SIZE, true);
        iov.putPointer(LinuxStructs.Iovec.IOV_BASE, payload);
        iov.putLong(LinuxStructs.Iovec.IOV_LEN, 4L * ints);
        Pointer control = Memory.allocateDirect(Posix.runtime(), LinuxStructs.CmsgHdr.SPACE_ONE_INT, true);
        Pointer msg = Memory.allocateDirect(Posix.runtime(), LinuxStructs.MsgHdr.SIZE, true);
        msg.putPointer(LinuxStructs.MsgHdr.MSG_IOV, iov);
        msg.putLong(LinuxStructs.MsgHdr.MSG_IOVLEN, 1);
        msg.putPointer(LinuxStructs.MsgHdr.MSG_CONTROL, control);
        msg.putLong(LinuxStructs.MsgHdr.MSG_CONTROLLEN, LinuxStructs.CmsgHdr.SPACE_ONE_INT);
        long n;
        while (true) {
            n = Linux.libc().recvmsg(socket, msg, LinuxConstants.MSG_CMSG_CLOEXEC);
            if (n >= 0) break;
            int e = Linux.errno();
            if (e != LinuxConstants.EINTR) throw Linux.failure("recvmsg(exec helper socket)", e);
        }
        if (n == 0) return null;
        int fd = -1;
        long controlLen = msg.getLong(LinuxStructs.MsgHdr.MSG_CONTROLLEN);
        if (controlLen >= LinuxStructs.CmsgHdr.LEN_ONE_INT
                && control.getInt(LinuxStructs.CmsgHdr.CMSG_LEVEL) == LinuxConstants.SOL_SOCKET
                && control.getInt(LinuxStructs.CmsgHdr.CMSG_TYPE) == LinuxConstants.SCM_RIGHTS) {
            fd = control.getInt(LinuxStructs.CmsgHdr.CMSG_DATA);
        }
        if (n != 4L * ints) {
            if (fd >= 0) Posix.libc().close(fd);
            throw new IllegalStateException("exec helper sent a malformed message (" + n + " bytes, control "
                    + controlLen + " bytes)");
        }
        int[] values = new int[ints];
        for (int i = 0; i < ints; i++) values[i] = payload.getInt(4L * i);
        return new Message(fd, values);
    }
}
