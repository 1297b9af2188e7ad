package org.pdsup.procdesc.posix;

import jnr.ffi.annotations.In;

/**
 * The socket calls {@link org.pdsup.procdesc.UnixDatagram} and {@link org.pdsup.procdesc.ListeningSocket} make: POSIX.1-2008 {@code <sys/socket.h>}, the
 * same symbols and C signatures in glibc and FreeBSD libc ({@code socklen_t} is a 32-bit unsigned int on both,
 * {@code ssize_t}/{@code size_t} 64 bits on LP64). Only the numbers passed to them differ between systems: those
 * come from {@code LinuxSocketConstants} / {@code FreeBsdSocketConstants}. errno is read with
 * {@link Posix#errno()} (jnr-ffi saves it per thread for every call).
 *
 * <p>Internal binding: public only because jnr-ffi generates its implementation in another class loader.
 */
public interface SocketLibc {
    /** {@code int socket(int domain, int type, int protocol)}. */
    int socket(int domain, int type, int protocol);

    /** {@code int connect(int s, const struct sockaddr *name, socklen_t namelen)}: the address as raw bytes. */
    int connect(int fd, @In byte[] address, int addressLength);

    /** {@code int bind(int s, const struct sockaddr *addr, socklen_t addrlen)}: the address as raw bytes. */
    int bind(int fd, @In byte[] address, int addressLength);

    /** {@code int listen(int s, int backlog)}. */
    int listen(int fd, int backlog);

    /** {@code int setsockopt(int s, int level, int optname, const void *optval, socklen_t optlen)}: an int option. */
    int setsockopt(int fd, int level, int name, @In int[] value, int valueLength);

    /** {@code ssize_t send(int s, const void *msg, size_t len, int flags)}. */
    long send(int fd, @In byte[] buf, long len, int flags);
}
