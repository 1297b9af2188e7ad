package org.pdsup.daemon.output;

/**
 * One captured output pipe given to the next program of this process (live re-exec): which stream it is, the
 * read end's descriptor (open across the exec) and the incomplete last line read so far.
 */
public record HandedOverStream(StreamKind kind, int fd, byte[] partialLine) {
}
