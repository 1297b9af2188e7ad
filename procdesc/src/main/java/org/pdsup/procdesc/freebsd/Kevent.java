package org.pdsup.procdesc.freebsd;

import jnr.ffi.Pointer;

/**
 * One FreeBSD {@code struct kevent} (64 bytes since FreeBSD 12; layout in {@link KeventLayout}) as Java values.
 * {@code ext[4]} is always written as zeros (what {@code EV_SET} does) and not read back.
 *
 * @param ident  identifier: a descriptor, a PID for {@code EVFILT_PROC}, any number for {@code EVFILT_USER}
 * @param filter {@code EVFILT_*}
 * @param flags  {@code EV_*} (unsigned short)
 * @param fflags filter flags ({@code NOTE_*}, unsigned int)
 * @param data   filter data: the wait(2) status for a procdesc/proc {@code NOTE_EXIT}, an errno with
 *               {@code EV_ERROR}, the bytes readable for {@code EVFILT_READ}
 * @param udata  opaque value returned with the event
 */
public record Kevent(long ident, short filter, int flags, int fflags, long data, long udata) {

    public Kevent {
        if (flags < 0 || flags > 0xffff) throw new IllegalArgumentException("kevent flags out of u_short range: " + flags);
    }

    /** {@code EV_SET(&kev, ident, filter, flags, fflags, data, udata)}. */
    public static Kevent of(long ident, short filter, int flags, int fflags, long data, long udata) {
        return new Kevent(ident, filter, flags, fflags, data, udata);
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** Writes this event as element {@code index} of a kevent array at {@code base}, ext[] zeroed. */
    public void write(Pointer base, int index) {
        long o = (long) index * KeventLayout.SIZE;
        base.putLong(o + KeventLayout.IDENT, ident);
        base.putShort(o + KeventLayout.FILTER, filter);
        base.putShort(o + KeventLayout.FLAGS, (short) flags);
        base.putInt(o + KeventLayout.FFLAGS, fflags);
        base.putLong(o + KeventLayout.DATA, data);
        base.putLong(o + KeventLayout.UDATA, udata);
        base.setMemory(o + KeventLayout.EXT, KeventLayout.EXT_SIZE, (byte) 0);
    }

    /** Reads element {@code index} of a kevent array at {@code base}. */
    public static Kevent read(Pointer base, int index) {
        long o = (long) index * KeventLayout.SIZE;
        return new Kevent(base.getLong(o + KeventLayout.IDENT),
                base.getShort(o + KeventLayout.FILTER),
                base.getShort(o + KeventLayout.FLAGS) & 0xffff,
                base.getInt(o + KeventLayout.FFLAGS),
                base.getLong(o + KeventLayout.DATA),
                base.getLong(o + KeventLayout.UDATA));
    }
}
