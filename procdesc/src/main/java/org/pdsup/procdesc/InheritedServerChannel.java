package org.pdsup.procdesc;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;


/**
 * A NIO {@link ServerSocketChannel} over a listening TCP socket this process already has open as a bare
 * descriptor (one a live re-exec handed over): for serving it with a NIO library (Netty) without binding again,
 * so no client is refused while the program changes.
 *
 * <p>The JDK makes a channel of an inherited descriptor only for descriptor 0 ({@code System.inheritedChannel()},
 * which pdsupd's control socket takes). So: a channel is opened and bound to port 0 of the loopback address of the
 * same family as the inherited socket (the JDK now takes it for bound), its descriptor is found (getsockname), and
 * dup2(2) puts the inherited listener in its place; the placeholder socket is closed by that dup2, and the
 * inherited descriptor after it. The channel reads and accepts through its descriptor number only, so it serves the inherited
 * listener from then on; what it caches of its own address ({@link ServerSocketChannel#getLocalAddress()}) is the
 * placeholder's, so callers keep the real address themselves. The descriptor is made close-on-exec again
 * ({@code FD_CLOEXEC}, which dup2 clears).
 */
public final class InheritedServerChannel {
    private InheritedServerChannel() {}

    /**
     * @param fd      the inherited listener
     * @param address where it must be bound (getsockname): a descriptor bound elsewhere is refused
     * @throws IOException naming the descriptor and what is wrong with it; {@code fd} is left open then
     */
    public static ServerSocketChannel adopt(int fd, InetSocketAddress address) throws IOException {
        if (!ListeningSockets.isListening(fd) || !ListeningSockets.boundTo(fd, address)) {
            throw new IOException("descriptor " + fd + " is not a socket listening on " + address);
        }
        InetAddress ip = address.getAddress();
        // the placeholder of the inherited socket's own family (the JDK's sockets are IPv6 dual-stack by default)
        ServerSocketChannel ch = ServerSocketChannel.open(ListeningSockets.isInet6(fd) ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
        try {
            InetSocketAddress placeholder = new InetSocketAddress(ip instanceof Inet6Address
                    ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1"), 0);
            ch.bind(placeholder, 1);
            InetSocketAddress bound = (InetSocketAddress) ch.getLocalAddress();
            int under = ListeningSockets.tcpListener(bound).orElseThrow(() -> new IOException(
                    "cannot find the descriptor of a placeholder channel bound to " + bound));
            ProcessReplacement.dup2(fd, under);
            Fds.setCloseOnExec(under);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        Fds.close(fd);
        return ch;
    }
}
