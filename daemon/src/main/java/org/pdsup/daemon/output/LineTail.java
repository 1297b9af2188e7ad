package org.pdsup.daemon.output;

/** How the last line of a {@link Chunk} ends. */
enum LineTail {
    /** The chunk ends with a newline: every line in it is complete. */
    NEWLINE,
    /** The chunk ends in the middle of a line longer than max-line; the line goes on in the next chunk. */
    CONTINUED,
    /** The stream ended (or the process exited) in the middle of a line; the writer adds the newline. */
    UNTERMINATED
}
