package org.pdsup.procdesc.freebsd;

/**
 * {@code struct msghdr}, {@code struct cmsghdr} and the CMSG macros of FreeBSD {@code sys/sys/socket.h}, and
 * {@code struct iovec} of {@code sys/sys/_iovec.h}, LP64. FreeBSD differs from Linux here:
 * {@code msg_iovlen} is an {@code int} and {@code msg_controllen} a {@code socklen_t} (Linux: both size_t, so
 * the Linux msghdr is 56 bytes), and {@code cmsg_len} is a {@code socklen_t} (Linux: size_t).
 *
 * <pre>
 * struct msghdr {
 *     void         *msg_name;        //  0
 *     socklen_t     msg_namelen;     //  8
 *     struct iovec *msg_iov;         // 16
 *     int           msg_iovlen;      // 24
 *     void         *msg_control;     // 32
 *     socklen_t     msg_controllen;  // 40
 *     int           msg_flags;       // 44
 * };                                 // 48
 * struct cmsghdr { socklen_t cmsg_len; int cmsg_level; int cmsg_type; };   // 12, data at _ALIGN(12) = 16
 * </pre>
 * {@code _ALIGN} rounds up to 8 on amd64 ({@code _ALIGNBYTES = sizeof(__register_t) - 1},
 * {@code sys/amd64/include/_align.h}) and arm64 ({@code sizeof(long long) - 1}, {@code sys/arm64/include/_align.h}).
 */
public final class MsghdrLayout {
    private MsghdrLayout() {}

    public static final int MSG_NAME = 0;
    public static final int MSG_NAMELEN = 8;
    public static final int MSG_IOV = 16;
    public static final int MSG_IOVLEN = 24;
    public static final int MSG_CONTROL = 32;
    public static final int MSG_CONTROLLEN = 40;
    public static final int MSG_FLAGS = 44;
    public static final int MSGHDR_SIZE = 48;

    public static final int IOV_BASE = 0;      // void *iov_base
    public static final int IOV_LEN = 8;       // size_t iov_len
    public static final int IOVEC_SIZE = 16;

    public static final int CMSG_LEN_FIELD = 0;    // socklen_t cmsg_len (header + data)
    public static final int CMSG_LEVEL = 4;        // int cmsg_level
    public static final int CMSG_TYPE = 8;         // int cmsg_type
    public static final int CMSGHDR_SIZE = 12;     // sizeof(struct cmsghdr)
    /** {@code _ALIGNBYTES}: 7 on amd64 and arm64. */
    public static final int ALIGNBYTES = 7;

    /** {@code _ALIGN(n)}. */
    public static int align(int n) {
        return (n + ALIGNBYTES) & ~ALIGNBYTES;
    }

    /** Offset of the data from the start of a cmsghdr: {@code CMSG_DATA(c) - c} = 16. */
    public static int cmsgDataOffset() {
        return align(CMSGHDR_SIZE);
    }

    /** {@code CMSG_LEN(len)}: the value of cmsg_len for {@code len} data bytes. */
    public static int cmsgLen(int len) {
        return align(CMSGHDR_SIZE) + len;
    }

    /** {@code CMSG_SPACE(len)}: the buffer room one message with {@code len} data bytes takes. */
    public static int cmsgSpace(int len) {
        return align(CMSGHDR_SIZE) + align(len);
    }
}
