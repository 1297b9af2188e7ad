package org.pdsup.daemon.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each line to the local syslog daemon as one RFC 3164 message {@code <PRI>TAG: text}: TAG is the
 * service name, PRI is facility * 8 + severity, {@code LOG_INFO} (6) for stdout and {@code LOG_ERR} (3) for
 * stderr, {@code LOG_WARNING} (4) for the drop notice. The daemon adds time and host. Lines longer than
 * {@value #MAX_TEXT} bytes go as several marked messages (FreeBSD syslogd reads at most 8 KiB per message).
 * A failed send is retried once on a new connection (a restarted syslog daemon has a new socket at the same
 * path); if that fails too the line is dropped (counted) and the connection is tried again with the next
 * batch. A message the daemon does not take in time ({@link SyslogTransport#send} false) is dropped and counted,
 * keeping the connection. Dropped output is followed by a notice message. Writer thread only.
 */
final class SyslogSink implements LineSink {
    private static final Logger log = LoggerFactory.getLogger(SyslogSink.class);
    /** Severities from {@code <syslog.h>} / RFC 5424 table 2. */
    static final int LOG_ERR = 3;
    static final int LOG_WARNING = 4;
    static final int LOG_INFO = 6;
    static final int MAX_TEXT = 8000;
    private static final long FULL_WARNING_INTERVAL_NANOS = 60_000_000_000L;
    private static final byte[] MARK = CONTINUED_MARK.getBytes(StandardCharsets.US_ASCII);

    private final byte[] tag;
    private final SyslogFacility facility;
    private final Path socket;
    private final SyslogTransport.Factory factory;
    private final AtomicLong dropped;
    private final LinePublisher publisher;
    private ByteBuffer message = ByteBuffer.allocate(MAX_TEXT + 256);
    private SyslogTransport transport;
    private boolean mayConnect = true;
    private boolean failing;
    private boolean fullWarned;
    private long lastFullWarning;
    private long pendingNotice;

    SyslogSink(String tag, SyslogFacility facility, Path socket, SyslogTransport.Factory factory, AtomicLong dropped,
               LinePublisher publisher) {
        this.tag = tag.getBytes(StandardCharsets.UTF_8);
        this.facility = facility;
        this.socket = socket;
        this.factory = factory;
        this.dropped = dropped;
        this.publisher = publisher;
    }

    SyslogFacility facility() {
        return facility;
    }

    @Override
    public void line(StreamKind stream, byte[] data, int off, int len, boolean continued, long rawBytes, long timeMillis) {
        int severity = stream == StreamKind.STDERR ? LOG_ERR : LOG_INFO;
        notice(stream);
        int end = off + len;
        int p = off;
        while (end - p > MAX_TEXT) {
            if (!send(stream, severity, data, p, MAX_TEXT, true)) drop(MAX_TEXT);
            p += MAX_TEXT;
        }
        if (!send(stream, severity, data, p, end - p, continued)) drop(rawBytes - (p - off));
    }

    private void drop(long bytes) {
        dropped.addAndGet(bytes);
        pendingNotice += bytes;
    }

    @Override
    public void dropped(StreamKind stream, long bytes, long timeMillis) {
        pendingNotice += bytes;
        notice(stream);
    }

    private void notice(StreamKind stream) {
        if (pendingNotice == 0) return;
        byte[] notice = LineSink.dropNotice(pendingNotice).getBytes(StandardCharsets.US_ASCII);
        if (send(stream, LOG_WARNING, notice, 0, notice.length, false)) pendingNotice = 0;
    }

    private boolean send(StreamKind stream, int severity, byte[] text, int off, int len, boolean continued) {
        byte[] head = ("<" + (facility.code() * 8 + severity) + ">").getBytes(StandardCharsets.US_ASCII);
        int size = head.length + tag.length + 2 + len + (continued ? MARK.length : 0);
        if (message.capacity() < size) message = ByteBuffer.allocate(size);
        message.clear();
        message.put(head).put(tag).put((byte) ':').put((byte) ' ');
        int textStart = message.position();
        message.put(text, off, len);
        if (continued) message.put(MARK);
        publisher.publish(stream, message.array(), textStart, message.position() - textStart);
        return deliver();
    }

    /** Sends the message built in {@link #message}; after a failed send, reconnects once and tries again. */
    private boolean deliver() {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (!connect()) return false;
            try {
                if (transport.send(message.array(), 0, message.position())) {
                    if (failing) {
                        failing = false;
                        log.info("sending to syslog socket {} again", socket);
                    }
                    return true;
                }
                full();
                return false;
            } catch (IOException e) {
                transport.close();
                transport = null;
                if (attempt > 0) {
                    mayConnect = false;
                    fail("cannot send to syslog socket " + socket + ": " + e.getMessage());
                    return false;
                }
                // the syslog daemon may have restarted with a new socket at the same path: reconnect once
                log.debug("send to syslog socket {} failed ({}); reconnecting", socket, e.getMessage());
            }
        }
        return false;
    }

    /** The daemon did not take the message in time: dropped; said in pdsupd's log at most once a minute. */
    private void full() {
        long now = System.nanoTime();
        if (fullWarned && now - lastFullWarning < FULL_WARNING_INTERVAL_NANOS) return;
        fullWarned = true;
        lastFullWarning = now;
        log.warn("syslog socket {} is full: the syslog daemon does not keep up; dropping syslog output of {} (counted;"
                + " a notice follows in syslog)", socket, new String(tag, StandardCharsets.UTF_8));
    }

    private boolean connect() {
        if (transport != null) return true;
        if (!mayConnect) return false;
        try {
            transport = factory.connect(socket);
            return true;
        } catch (IOException e) {
            mayConnect = false;
            fail(e.getMessage());
            return false;
        }
    }

    private void fail(String why) {
        if (failing) return;
        failing = true;
        log.warn("{}; dropping syslog output until it works again", why);
    }

    @Override
    public void flush() {
        mayConnect = true;
    }

    @Override
    public void reopen() {
        if (transport != null) transport.close();
        transport = null;
        mayConnect = true;
    }

    @Override
    public void close() {
        if (transport != null) transport.close();
        transport = null;
    }
}
