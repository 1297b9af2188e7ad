package org.pdsup.daemon.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.pdsup.procdesc.NotADatagramSocketException;
import org.pdsup.procdesc.ProcessDescriptorException;
import org.pdsup.procdesc.UnixDatagram;
import org.pdsup.procdesc.UnsupportedPlatformException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog over a Unix datagram socket, as the local syslog daemons read it ({@code /dev/log},
 * {@code /var/run/log}): one message per datagram, no framing.
 *
 * <p>Sending never blocks for long. When the daemon's queue is full (Linux lets only
 * {@code net.unix.max_dgram_qlen} datagrams, 10 by default, wait for it), the writer waits until the daemon has
 * read one, at most {@value #WAIT_MILLIS} ms; if that time runs out the message is dropped, and so is every
 * message after it that does not go through at once, without waiting again, until one is sent. So a daemon that
 * is slow paces the writer, and one that hangs costs it {@value #WAIT_MILLIS} ms per connection, not more.
 * (On FreeBSD a full syslogd buffer gives ENOBUFS, which poll(2) may not see coming: the message is then dropped
 * after a few immediate retries.)
 */
final class DatagramSyslogTransport implements SyslogTransport {
    private static final Logger log = LoggerFactory.getLogger(DatagramSyslogTransport.class);
    static final int WAIT_MILLIS = 1000;
    /** Sends retried after the socket reported room, before the message is dropped. */
    private static final int MAX_RETRIES = 8;

    private final UnixDatagram socket;
    private boolean congested;

    private DatagramSyslogTransport(UnixDatagram socket) {
        this.socket = socket;
    }

    static SyslogTransport connect(Path path) throws IOException {
        try {
            return new DatagramSyslogTransport(UnixDatagram.connect(path));
        } catch (NotADatagramSocketException e) {
            throw new WrongSocketType(e);
        } catch (ProcessDescriptorException | IllegalArgumentException | UnsupportedPlatformException e) {
            throw new IOException("syslog: " + e.getMessage(), e);
        }
    }

    /** Datagrams; a stream connection when the socket at {@code path} is a stream socket. */
    static SyslogTransport connectOrStream(Path path) throws IOException {
        try {
            return connect(path);
        } catch (WrongSocketType e) {
            log.info("syslog socket {} is a stream socket: sending one message per line over a stream connection", path);
            return StreamSyslogTransport.connect(path);
        }
    }

    @Override
    public boolean send(byte[] message, int off, int len) throws IOException {
        try {
            if (socket.send(message, off, len)) {
                congested = false;
                return true;
            }
            if (congested) return false;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            for (int tries = 0; tries < MAX_RETRIES; tries++) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !socket.awaitWritable((int) left)) break;
                if (socket.send(message, off, len)) return true;
                // writable, yet full: another sender took the room, or (FreeBSD) poll cannot see the daemon's queue
            }
            congested = true;
            return false;
        } catch (ProcessDescriptorException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    /** The socket at the path is not a datagram socket (a stream socket, most likely). */
    static final class WrongSocketType extends IOException {
        WrongSocketType(NotADatagramSocketException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
