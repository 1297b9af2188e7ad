package org.pdsup.procdesc.freebsd;

import jnr.ffi.Pointer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/** struct kevent encoding through native memory (platform-facts 1.5: 64 bytes, ext[] zeroed) and the ABI check. */
class KeventCodecTest {

    @Test
    void roundTripThroughNativeMemory() {
        Pointer buf = FreeBsdNative.allocate(3L * KeventLayout.SIZE);
        Kevent a = Kevent.of(12, EVFILT_PROCDESC, EV_ADD | EV_CLEAR, NOTE_EXIT, 0, 0x1122_3344_5566_7788L);
        Kevent b = Kevent.of(0xffff_ffff_ffffL, EVFILT_USER, EV_ADD, NOTE_TRIGGER | NOTE_FFCOPY, -5, 1);
        Kevent c = new Kevent(4, EVFILT_READ, EV_EOF | EV_ERROR | EV_ONESHOT, 0, Long.MAX_VALUE, 0);
        a.write(buf, 0);
        b.write(buf, 1);
        c.write(buf, 2);
        assertThat(Kevent.read(buf, 0)).isEqualTo(a);
        assertThat(Kevent.read(buf, 1)).isEqualTo(b);
        assertThat(Kevent.read(buf, 2)).isEqualTo(c);
        assertThat(Kevent.read(buf, 2).flags()).as("u_short read unsigned").isEqualTo(0xc010);
    }

    @Test
    void fieldsSitAtTheirOffsetsLittleEndian() {
        Pointer buf = FreeBsdNative.allocate(KeventLayout.SIZE);
        Kevent.of(0x0102, EVFILT_PROCDESC, EV_ADD | EV_ONESHOT, NOTE_EXIT, 0x0300, 0xabcdL).write(buf, 0);
        byte[] raw = new byte[KeventLayout.SIZE];
        buf.get(0, raw, 0, raw.length);
        assertThat(raw[0]).isEqualTo((byte) 0x02);
        assertThat(raw[1]).isEqualTo((byte) 0x01);
        assertThat(raw[8]).as("filter -8 = 0xfff8").isEqualTo((byte) 0xf8);
        assertThat(raw[9]).isEqualTo((byte) 0xff);
        assertThat(raw[10]).as("flags EV_ADD|EV_ONESHOT").isEqualTo((byte) 0x11);
        assertThat(raw[15]).as("fflags NOTE_EXIT high byte").isEqualTo((byte) 0x80);
        assertThat(raw[17]).as("data 0x0300").isEqualTo((byte) 0x03);
        assertThat(raw[24]).isEqualTo((byte) 0xcd);
        assertThat(raw[25]).isEqualTo((byte) 0xab);
    }

    @Test
    void writingZeroesExt() {
        Pointer buf = FreeBsdNative.allocate(2L * KeventLayout.SIZE);
        buf.setMemory(0, 2L * KeventLayout.SIZE, (byte) 0xff);
        Kevent.of(1, EVFILT_READ, EV_ADD, 0, 0, 0).write(buf, 1);
        for (int i = 0; i < KeventLayout.EXT_SIZE; i++) {
            assertThat(buf.getByte(KeventLayout.SIZE + KeventLayout.EXT + i)).as("ext byte " + i).isZero();
        }
        assertThat(buf.getByte(KeventLayout.EXT)).as("element 0 untouched").isEqualTo((byte) 0xff);
    }

    @Test
    void flagsMustFitAnUnsignedShort() {
        assertThatThrownBy(() -> Kevent.of(1, EVFILT_READ, 0x10000, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void abiCheckAcceptsTwoEventsAt64ByteStride() {
        Pointer buf = FreeBsdNative.allocate(2L * KeventLayout.SIZE);
        buf.setMemory(0, 2L * KeventLayout.SIZE, KqueueAbiCheck.PATTERN);
        Kevent.of(KqueueAbiCheck.IDENT_B, EVFILT_USER, EV_CLEAR, NOTE_TRIGGER, 0, KqueueAbiCheck.UDATA_B).write(buf, 0);
        Kevent.of(KqueueAbiCheck.IDENT_A, EVFILT_USER, EV_CLEAR, NOTE_TRIGGER, 0, KqueueAbiCheck.UDATA_A).write(buf, 1);
        KqueueAbiCheck.verify(buf, 2);
    }

    @Test
    void abiCheckRejectsThe32ByteCompatLayout() {
        // what kevent@FBSD_1.0 would write: two 32-byte structs back to back, the pattern after them
        Pointer buf = FreeBsdNative.allocate(2L * KeventLayout.SIZE);
        buf.setMemory(0, 2L * KeventLayout.SIZE, KqueueAbiCheck.PATTERN);
        for (int i = 0; i < 2; i++) {
            long o = (long) i * KeventLayout.SIZE_FREEBSD11;
            buf.putLong(o, i == 0 ? KqueueAbiCheck.IDENT_A : KqueueAbiCheck.IDENT_B);
            buf.putShort(o + 8, EVFILT_USER);
            buf.putShort(o + 10, (short) EV_CLEAR);
            buf.putInt(o + 12, NOTE_TRIGGER);
            buf.putLong(o + 16, 0);
            buf.putLong(o + 24, i == 0 ? KqueueAbiCheck.UDATA_A : KqueueAbiCheck.UDATA_B);
        }
        assertThatThrownBy(() -> KqueueAbiCheck.verify(buf, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("64-byte").hasMessageContaining("offset 64");
    }

    @Test
    void abiCheckRejectsAWrongCountOrADuplicate() {
        Pointer buf = FreeBsdNative.allocate(2L * KeventLayout.SIZE);
        assertThatThrownBy(() -> KqueueAbiCheck.verify(buf, 1)).hasMessageContaining("got 1");
        Kevent.of(KqueueAbiCheck.IDENT_A, EVFILT_USER, 0, 0, 0, KqueueAbiCheck.UDATA_A).write(buf, 0);
        Kevent.of(KqueueAbiCheck.IDENT_A, EVFILT_USER, 0, 0, 0, KqueueAbiCheck.UDATA_A).write(buf, 1);
        assertThatThrownBy(() -> KqueueAbiCheck.verify(buf, 2)).hasMessageContaining("twice");
    }
}
