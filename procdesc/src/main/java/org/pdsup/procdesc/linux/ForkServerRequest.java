package org.pdsup.procdesc.linux;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.posix.Posix;

/**
 * One fork-server request in bytes (the layout in {@code pdsup-forkserver.c}'s header comment): header, targets,
 * then argv, environment ("KEY=VALUE", written from the map's key and value without joining them first) and
 * directory as NUL-terminated UTF-8. The heap and native buffers, the iovec and the msghdr are kept and reused
 * from request to request, so a spawn allocates no request buffer (docs/benchmarks.md, "Allocation per
 * restart"). Not thread-safe: one per {@link ForkServer}, used under its lock.
 */
final class ForkServerRequest {
    static final int HEADER = 24;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private byte[] bytes = new byte[4096];
    private int length;
    private Pointer data;
    private int dataCapacity;
    private final Pointer iov = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Iovec.SIZE, true);
    private final Pointer msg = Memory.allocateDirect(Posix.runtime(), LinuxStructs.MsgHdr.SIZE, true);
    private Pointer control;
    private int controlFds;

    /** Encodes a request; {@link #data} then holds its {@link #length} bytes in native memory. */
    void encode(int magic, List<String> argv, Map<String, String> env, String dir, int nfds, int[] targets) {
        length = HEADER;
        ensure(4 * targets.length);
        for (int t : targets) {
            INT.set(bytes, length, t);
            length += 4;
        }
        for (int i = 0; i < argv.size(); i++) string(argv.get(i), true);
        for (Map.Entry<String, String> e : env.entrySet()) {
            string(e.getKey(), false);
            ensure(1);
            bytes[length++] = '=';
            string(e.getValue(), true);
        }
        if (dir != null) string(dir, true);
        INT.set(bytes, 0, magic);
        INT.set(bytes, 4, length - HEADER);
        INT.set(bytes, 8, nfds);
        INT.set(bytes, 12, argv.size());
        INT.set(bytes, 16, env.size());
        INT.set(bytes, 20, dir == null ? 0 : 1);
        if (data == null || dataCapacity < length) {
            dataCapacity = Math.max(length, bytes.length);
            data = Memory.allocateDirect(Posix.runtime(), dataCapacity, false);
        }
        data.put(0, bytes, 0, length);
    }

    int length() {
        return length;
    }

    /** The encoded request in native memory (valid until the next {@link #encode}). */
    Pointer data() {
        return data;
    }

    /** The encoded bytes (tests). */
    byte[] bytes() {
        return Arrays.copyOf(bytes, length);
    }

    /**
     * This request's msghdr for {@code len} bytes from {@code offset}, with {@code fds} attached (SCM_RIGHTS) or
     * none.
     */
    Pointer message(long offset, long len, int[] fds) {
        iov.putAddress(LinuxStructs.Iovec.IOV_BASE, data.address() + offset);
        iov.putLong(LinuxStructs.Iovec.IOV_LEN, len);
        msg.putPointer(LinuxStructs.MsgHdr.MSG_IOV, iov);
        msg.putLong(LinuxStructs.MsgHdr.MSG_IOVLEN, 1);
        if (fds.length == 0) {
            msg.putAddress(LinuxStructs.MsgHdr.MSG_CONTROL, 0L);
            msg.putLong(LinuxStructs.MsgHdr.MSG_CONTROLLEN, 0);
            return msg;
        }
        // CMSG_LEN(n ints) = header + 4n; CMSG_SPACE rounds the data up to size_t (bits/socket.h)
        int cmsgLen = LinuxStructs.CmsgHdr.CMSG_DATA + 4 * fds.length;
        int space = LinuxStructs.CmsgHdr.CMSG_DATA + ((4 * fds.length + 7) & ~7);
        if (control == null || controlFds < fds.length) {
            control = Memory.allocateDirect(Posix.runtime(), space, true);
            controlFds = fds.length;
        } else {
            control.setMemory(0, space, (byte) 0);
        }
        control.putLong(LinuxStructs.CmsgHdr.CMSG_LEN, cmsgLen);
        control.putInt(LinuxStructs.CmsgHdr.CMSG_LEVEL, LinuxConstants.SOL_SOCKET);
        control.putInt(LinuxStructs.CmsgHdr.CMSG_TYPE, LinuxConstants.SCM_RIGHTS);
        for (int i = 0; i < fds.length; i++) control.putInt(LinuxStructs.CmsgHdr.CMSG_DATA + 4L * i, fds[i]);
        msg.putPointer(LinuxStructs.MsgHdr.MSG_CONTROL, control);
        msg.putLong(LinuxStructs.MsgHdr.MSG_CONTROLLEN, space);
        return msg;
    }

    /** {@code s} as UTF-8, then a NUL if {@code terminate}: ASCII byte by byte, anything else through the encoder. */
    private void string(String s, boolean terminate) {
        int n = s.length();
        ensure(n + 1);
        int start = length;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                length = start;
                ensure(utf8.length + 1);
                System.arraycopy(utf8, 0, bytes, length, utf8.length);
                length += utf8.length;
                break;
            }
            bytes[length++] = (byte) c;
        }
        if (terminate) bytes[length++] = 0;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
    }
}
