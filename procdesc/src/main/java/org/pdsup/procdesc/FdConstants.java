package org.pdsup.procdesc;

/**
 * The numbers {@link Fds} needs that differ between systems (platform-facts 1.10): open(2) flags, fcntl(2)
 * commands and two errno values. Each backend supplies one instance from its own constants class
 * ({@code LinuxConstants.FD_CONSTANTS}; on FreeBSD {@code FreeBsdConstants.fdConstants()}).
 *
 * @param oWronly   O_WRONLY
 * @param oCreat    O_CREAT
 * @param oTrunc    O_TRUNC
 * @param oAppend   O_APPEND
 * @param oCloexec  O_CLOEXEC
 * @param oNonblock O_NONBLOCK
 * @param fGetfl    F_GETFL
 * @param fSetfl    F_SETFL
 * @param eAgain    EAGAIN (= EWOULDBLOCK)
 * @param eIntr     EINTR
 */
public record FdConstants(int oWronly, int oCreat, int oTrunc, int oAppend, int oCloexec, int oNonblock,
                          int fGetfl, int fSetfl, int eAgain, int eIntr) {
}
