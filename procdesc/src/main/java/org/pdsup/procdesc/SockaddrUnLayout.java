package org.pdsup.procdesc;

import java.nio.ByteOrder;

/**
 * Where the fields of {@code struct sockaddr_un} lie on one system, and how to fill one in.
 *
 * <ul>
 *   <li>Linux ({@code sys/un.h}, glibc; {@code linux/un.h}): {@code sa_family_t sun_family} (unsigned short) at 0,
 *       {@code char sun_path[108]} at 2; no length field.</li>
 *   <li>FreeBSD ({@code sys/sys/un.h}): {@code unsigned char sun_len} at 0, {@code sa_family_t sun_family}
 *       (unsigned char) at 1, {@code char sun_path[104]} at 2.</li>
 * </ul>
 *
 * @param lenOffset    offset of {@code sun_len}, or -1 when the system has none
 * @param familyOffset offset of {@code sun_family}
 * @param familySize   size of {@code sa_family_t}: 2 (Linux) or 1 (FreeBSD)
 * @param pathOffset   offset of {@code sun_path}
 * @param pathSize     length of the {@code sun_path} array
 */
public record SockaddrUnLayout(int lenOffset, int familyOffset, int familySize, int pathOffset, int pathSize) {

    public SockaddrUnLayout {
        if (familySize != 1 && familySize != 2) throw new IllegalArgumentException("sa_family_t of " + familySize + " bytes");
        if (pathOffset < familyOffset + familySize || pathSize < 2) {
            throw new IllegalArgumentException("sun_path at " + pathOffset + " of " + pathSize + " bytes");
        }
    }

    /** The longest path that fits, leaving room for the terminating NUL. */
    public int maxPathBytes() {
        return pathSize - 1;
    }

    /**
     * The address of the socket file {@code path}: {@code sun_path} holds the path and a NUL, and the array is
     * exactly as long as the address length to pass to connect(2) ({@code offsetof(sun_path) + strlen + 1}).
     * {@code sun_len}, where there is one, holds that length (the FreeBSD kernel sets it from the length
     * argument anyway). The family is written in the machine's byte order.
     *
     * @throws IllegalArgumentException when the path is empty, contains a NUL byte or is longer than
     *                                  {@link #maxPathBytes()}
     */
    public byte[] encode(byte[] path, int family, String shownPath) {
        if (path.length == 0) throw new IllegalArgumentException("socket path is empty");
        for (byte b : path) {
            if (b == 0) throw new IllegalArgumentException("socket path " + shownPath + " contains a NUL byte");
        }
        if (path.length > maxPathBytes()) {
            throw new IllegalArgumentException("socket path " + shownPath + " is " + path.length + " bytes long; a Unix"
                    + " socket address holds at most " + maxPathBytes() + " (struct sockaddr_un.sun_path is " + pathSize
                    + " bytes with its NUL): use a shorter path, for example through a symbolic link");
        }
        byte[] addr = new byte[pathOffset + path.length + 1];
        if (lenOffset >= 0) addr[lenOffset] = (byte) addr.length;
        if (familySize == 1) {
            addr[familyOffset] = (byte) family;
        } else if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            addr[familyOffset] = (byte) family;
            addr[familyOffset + 1] = (byte) (family >>> 8);
        } else {
            addr[familyOffset] = (byte) (family >>> 8);
            addr[familyOffset + 1] = (byte) family;
        }
        System.arraycopy(path, 0, addr, pathOffset, path.length);
        return addr;
    }
}
