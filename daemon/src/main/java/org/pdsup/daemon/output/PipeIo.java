package org.pdsup.daemon.output;

import org.pdsup.procdesc.Pipe;

/** The descriptor operations output capture needs; {@link #system} does them with procdesc. */
interface PipeIo {

    /** A close-on-exec pipe. */
    Pipe pipe();

    /** Sets O_NONBLOCK. */
    void setNonBlocking(int fd);

    /** Bytes read; 0 when nothing is available now; -1 at end of file. */
    int read(int fd, byte[] buf, int off, int len);

    void close(int fd);

    static PipeIo system(org.pdsup.procdesc.ProcessDescriptors procdesc) {
        return new PipeIo() {
            @Override public Pipe pipe() { return procdesc.pipe(); }
            @Override public void setNonBlocking(int fd) { org.pdsup.procdesc.Fds.setNonBlocking(fd); }
            @Override public int read(int fd, byte[] buf, int off, int len) { return org.pdsup.procdesc.Fds.read(fd, buf, off, len); }
            @Override public void close(int fd) { org.pdsup.procdesc.Fds.close(fd); }
        };
    }
}
