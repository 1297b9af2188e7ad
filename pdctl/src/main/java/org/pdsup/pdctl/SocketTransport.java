package org.pdsup.pdctl;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import org.pdsup.protocol.ExitCodes;

/** pdsupd's Unix-domain control socket, as a blocking {@code SocketChannel}. */
final class SocketTransport implements Transport {
    private final Path socket;
    private final SocketChannel channel;

    private SocketTransport(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    /** The system property that names the JDK's {@code SelectorProvider} (java.nio.channels.spi). */
    static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";
    /** The JDK's poll(2) provider, in every JDK for Unix systems (src/java.base/unix). */
    static final String POLL_PROVIDER = "sun.nio.ch.PollSelectorProvider";

    /**
     * Start-up (issue 22): the first {@code SocketChannel.open} looks up {@code SelectorProvider} services with a
     * ServiceLoader, which scans every jar of the class path and opens the run-time image: about 140 classes and
     * 11 ms of CPU per run (docs/benchmarks.md, "pdctl start-up, issue 22"). pdctl never selects (its channel
     * blocks), so any provider does: naming the JDK's portable poll(2) one skips the lookup. Left alone when the
     * property is set, or when this JDK has no such class (then the lookup runs as before).
     */
    static void skipProviderLookup() {
        if (System.getProperty(SELECTOR_PROVIDER) != null) return;
        try {
            Class.forName(POLL_PROVIDER, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return;
        }
        System.setProperty(SELECTOR_PROVIDER, POLL_PROVIDER);
    }

    /** Connects, or fails with exit status 69 and a message saying why and what to check. */
    static SocketTransport connect(Path socket) throws CommandFailure {
        skipProviderLookup();
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new SocketTransport(socket, ch);
        } catch (IOException | InvalidPathException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing more to say than the connect failure
                }
            }
            throw new CommandFailure(ExitCodes.UNAVAILABLE, "cannot connect to " + socket + ": " + reason(e));
        }
    }

    /** A short, helpful reason for a failed connect. */
    static String reason(Exception e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof NoSuchFileException || msg.contains("no such file")) {
            return "no such file (is pdsupd running?)";
        }
        if (msg.contains("connection refused")) {
            return "connection refused (a stale socket file: is pdsupd running?)";
        }
        if (e instanceof AccessDeniedException || msg.contains("permission denied")) {
            return "permission denied (are you in the readers group?)";
        }
        if (msg.contains("not a directory")) return "a path component is not a directory";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    SocketChannel channel() {
        return channel;
    }

    @Override
    public int read(ByteBuffer buffer) throws IOException {
        return channel.read(buffer);
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) channel.write(buffer);
    }

    @Override
    public CommandFailure closed() {
        return new CommandFailure(ExitCodes.UNAVAILABLE, "pdsupd closed the connection on " + socket);
    }

    @Override
    public CommandFailure lost(IOException e) {
        return new CommandFailure(ExitCodes.UNAVAILABLE, "lost the connection to pdsupd on " + socket + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket we are done with
        }
    }
}
