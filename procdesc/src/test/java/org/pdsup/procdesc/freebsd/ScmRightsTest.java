package org.pdsup.procdesc.freebsd;

import jnr.ffi.Pointer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/** msghdr / cmsghdr encoding in FreeBSD's layout (sys/sys/socket.h; see MsghdrLayout). */
class ScmRightsTest {

    @Test
    void receiveBuffersFillTheMsghdrInFreeBsdLayout() {
        ScmRights.Buffers b = ScmRights.buffers(4, 2);
        Pointer m = b.msghdr();
        assertThat(m.getAddress(MsghdrLayout.MSG_NAME)).isZero();
        assertThat(m.getInt(MsghdrLayout.MSG_NAMELEN)).isZero();
        Pointer iov = m.getPointer(MsghdrLayout.MSG_IOV);
        assertThat(iov.getAddress(MsghdrLayout.IOV_BASE)).isEqualTo(b.data().address());
        assertThat(iov.getLong(MsghdrLayout.IOV_LEN)).isEqualTo(4);
        assertThat(m.getInt(MsghdrLayout.MSG_IOVLEN)).as("int msg_iovlen @24").isEqualTo(1);
        assertThat(m.getInt(MsghdrLayout.MSG_IOVLEN + 4)).as("padding after msg_iovlen").isZero();
        assertThat(m.getAddress(MsghdrLayout.MSG_CONTROL)).isEqualTo(b.control().address());
        assertThat(m.getInt(MsghdrLayout.MSG_CONTROLLEN)).as("socklen_t msg_controllen @40 = CMSG_SPACE(2 * 4)").isEqualTo(24);
        assertThat(m.getInt(MsghdrLayout.MSG_FLAGS)).as("msg_flags @44").isZero();
        assertThat(b.controlLength()).isEqualTo(MsghdrLayout.cmsgSpace(8));
    }

    @Test
    void oneRightsMessageRoundTrips() {
        Pointer control = FreeBsdNative.allocate(64);
        int next = ScmRights.writeRights(control, 0, 17);
        assertThat(next).isEqualTo(24);
        assertThat(control.getInt(0)).as("cmsg_len = CMSG_LEN(4)").isEqualTo(20);
        assertThat(control.getInt(4)).as("cmsg_level").isEqualTo(0xffff);
        assertThat(control.getInt(8)).as("cmsg_type").isEqualTo(1);
        assertThat(control.getInt(12)).as("alignment padding").isZero();
        assertThat(control.getInt(16)).as("CMSG_DATA at 16").isEqualTo(17);
        assertThat(ScmRights.rights(control, next)).containsExactly(17);
    }

    @Test
    void severalMessagesAndForeignLevelsAreWalkedLikeCmsgNxthdr() {
        Pointer control = FreeBsdNative.allocate(128);
        int off = ScmRights.writeRights(control, 0, 5, 6, 7);      // CMSG_LEN(12) = 28, CMSG_SPACE(12) = 32
        assertThat(off).isEqualTo(32);
        control.putInt(off, MsghdrLayout.cmsgLen(4));             // a SCM_CREDS-like message of another type
        control.putInt(off + 4, SOL_SOCKET);
        control.putInt(off + 8, 3);
        control.putInt(off + 16, 99);
        off += MsghdrLayout.cmsgSpace(4);
        off = ScmRights.writeRights(control, off, 8);
        assertThat(ScmRights.rights(control, off)).containsExactly(5, 6, 7, 8);
        assertThat(ScmRights.rights(control, 32)).as("controllen limits the walk").containsExactly(5, 6, 7);
        assertThat(ScmRights.rights(control, 8)).as("shorter than a cmsghdr: none").isEmpty();
    }

    @Test
    void decodeReadsPayloadControlLengthAndFlags() {
        ScmRights.Buffers b = ScmRights.buffers(4, 4);
        b.data().putInt(0, 31337);
        int end = ScmRights.writeRights(b.control(), 0, 9);
        b.msghdr().putInt(MsghdrLayout.MSG_CONTROLLEN, end);
        b.msghdr().putInt(MsghdrLayout.MSG_FLAGS, MSG_CTRUNC);
        ScmRights.Message m = ScmRights.decode(b, 4);
        assertThat(m.bytes()).isEqualTo(4);
        assertThat(java.nio.ByteBuffer.wrap(m.payload()).order(java.nio.ByteOrder.nativeOrder()).getInt()).isEqualTo(31337);
        assertThat(m.fds()).containsExactly(9);
        assertThat(m.truncated()).isTrue();
        ScmRights.Buffers eof = ScmRights.buffers(4, 1);
        eof.msghdr().putInt(MsghdrLayout.MSG_CONTROLLEN, 0);
        ScmRights.Message nothing = ScmRights.decode(eof, 0);
        assertThat(nothing.bytes()).isZero();
        assertThat(nothing.fds()).isEmpty();
    }
}
