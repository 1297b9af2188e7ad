package org.pdsup.pdctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.pdsup.protocol.ExitCodes;

/**
 * {@code pdctl stdio-bridge}: the far end of {@code pdctl -H}. Connects to this host's pdsupd (the socket found
 * as for any command) and copies standard input to it and its answers to standard output, until pdsupd closes
 * the connection. When standard input ends, the socket's sending side is shut down so pdsupd sees the end too.
 */
final class StdioBridge {
    private StdioBridge() {}

    static int run(Path socket, InputStream stdin, OutputStream stdout) throws CommandFailure {
        SocketTransport t = SocketTransport.connect(socket);
        Thread upstream = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = stdin.read(buf)) > 0) t.write(ByteBuffer.wrap(buf, 0, n));
                t.channel().shutdownOutput();
            } catch (IOException e) {
                t.close(); // the client side broke: end the downstream copy too
            }
        }, "stdio-bridge-upstream");
        upstream.setDaemon(true);
        upstream.start();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (true) {
                buf.clear();
                int n = t.read(buf);
                if (n < 0) return ExitCodes.OK;
                stdout.write(buf.array(), 0, n);
                stdout.flush();
            }
        } catch (IOException e) {
            return ExitCodes.OK; // closed from either side: the client reports what it was missing
        } finally {
            t.close();
        }
    }
}
