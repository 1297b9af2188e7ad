package org.pdsup.daemon.output;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Syslog over a Unix-domain stream socket: each message followed by a newline (RFC 6587 section 3.4.2,
 * "non-transparent framing"), as syslog-ng's {@code unix-stream()} source reads it. The fallback of
 * {@link SyslogTransport#LOCAL} when the syslog socket is a stream socket. Writes block until the daemon takes
 * the bytes (a stream has no message to drop halfway).
 */
final class StreamSyslogTransport implements SyslogTransport {
    private final Path path;
    private final SocketChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(8192);

    private StreamSyslogTransport(Path path, SocketChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static SyslogTransport connect(Path path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
            return new StreamSyslogTransport(path, ch);
        } catch (IOException e) {
            ch.close();
            String why = String.valueOf(e.getMessage());
            if (why.contains("wrong type") || why.contains("EPROTOTYPE")) {
                throw new IOException("syslog socket " + path + " is a datagram socket, and the stream transport cannot"
                        + " send to it (use the datagram transport, the default)", e);
            }
            throw new IOException("cannot connect to syslog socket " + path + ": " + why, e);
        }
    }

    @Override
    public boolean send(byte[] message, int off, int len) throws IOException {
        if (buffer.capacity() < len + 1) buffer = ByteBuffer.allocate(len + 1);
        buffer.clear();
        buffer.put(message, off, len).put((byte) '\n').flip();
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) <= 0) throw new IOException("syslog socket " + path + " accepts no more data");
        }
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket we only wrote to: nothing to recover
        }
    }
}
