package org.pdsup.procdesc;

/** Both ends of a pipe(2) created close-on-exec; the caller closes each end with {@link Fds#close(int)}. */
public record Pipe(int readFd, int writeFd) {
}
