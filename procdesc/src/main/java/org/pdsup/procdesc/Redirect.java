package org.pdsup.procdesc;

import java.nio.file.Path;

/** Where a child's stdin, stdout or stderr goes. */
public sealed interface Redirect {
    /** The supervisor's own descriptor of the same number. */
    record Inherit() implements Redirect {}
    /** /dev/null. */
    record Null() implements Redirect {}
    /** A file, opened (created 0644) by the spawn itself; appended to when {@code append}. */
    record File(Path path, boolean append) implements Redirect {}
    /** A descriptor the caller owns (for example the write end of a pipe it reads); dup2'd into place. */
    record Fd(int fd) implements Redirect {}

    static Redirect inherit() { return new Inherit(); }
    static Redirect devNull() { return new Null(); }
    static Redirect file(Path path, boolean append) { return new File(path, append); }
    static Redirect fd(int fd) { return new Fd(fd); }
}
