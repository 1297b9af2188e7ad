package org.pdsup.daemon.output;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A connection to the local syslog daemon that sends one message at a time. {@link #LOCAL}, the default, sends
 * datagrams, as the local syslog sockets ({@code /var/run/log}, {@code /dev/log}) expect, and falls back to a
 * stream connection when the socket at the path is a stream socket (see {@code docs/output.md}).
 */
interface SyslogTransport extends Closeable {

    /**
     * Sends one complete message ({@code <PRI>TAG: text}, no trailing newline).
     *
     * @return true when it was sent; false when the syslog daemon does not keep up and the message was dropped
     *         (the connection is fine: count the message as dropped and go on)
     * @throws IOException when the connection failed (the daemon went away, restarted …): reconnect
     */
    boolean send(byte[] message, int off, int len) throws IOException;

    @Override
    void close();

    /** Opens a transport to the socket at {@code path}; the exception says why not, in words for the operator. */
    @FunctionalInterface
    interface Factory {
        SyslogTransport connect(Path path) throws IOException;
    }

    /** The JDK's Unix-domain stream sockets, one message per line (RFC 6587 "non-transparent framing"). */
    Factory STREAM = StreamSyslogTransport::connect;

    /** A Unix datagram socket (procdesc {@code UnixDatagram}), one message per datagram. */
    Factory DATAGRAM = DatagramSyslogTransport::connect;

    /** The default: {@link #DATAGRAM}, or {@link #STREAM} when the socket is a stream socket. */
    Factory LOCAL = DatagramSyslogTransport::connectOrStream;

    /** The local syslog socket: {@code /var/run/log} (FreeBSD) or {@code /dev/log} (Linux), whichever exists. */
    static Path defaultSocket() {
        for (Path p : List.of(Path.of("/var/run/log"), Path.of("/dev/log"))) {
            if (Files.exists(p) && !Files.isDirectory(p) && !Files.isRegularFile(p)) return p;
        }
        return Path.of("/dev/log");
    }
}
