package org.pdsup.daemon.control;

import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.util.AttributeKey;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the peer's credentials of a Unix-domain channel through the JDK's {@code SO_PEERCRED} option (the JDK
 * uses SO_PEERCRED on Linux, LOCAL_PEERCRED / getpeereid on the BSDs). A peer whose credentials cannot be read
 * gets no role; the first such failure is logged.
 */
final class PeerCredentials {
    private static final Logger log = LoggerFactory.getLogger(PeerCredentials.class);
    private static final AtomicBoolean failureLogged = new AtomicBoolean();

    private PeerCredentials() {}

    /** The credentials as first read: the admin loop's choice and the admission see the same peer. */
    private static final AttributeKey<PeerIdentity> READ = AttributeKey.valueOf(PeerCredentials.class, "peer");

    static PeerIdentity of(Channel channel) {
        PeerIdentity known = channel.attr(READ).get();
        if (known != null) return known;
        PeerIdentity read = read(channel);
        channel.attr(READ).set(read);
        return read;
    }

    private static PeerIdentity read(Channel channel) {
        try {
            UnixDomainPrincipal p = channel.config().getOption(NioChannelOption.of(ExtendedSocketOptions.SO_PEERCRED));
            if (p != null) return new PeerIdentity(p.user().getName(), p.group().getName());
            failed("the JDK returned none");
        } catch (RuntimeException e) {
            failed(e.toString());
        }
        return PeerIdentity.UNKNOWN;
    }

    private static void failed(String why) {
        if (failureLogged.compareAndSet(false, true)) {
            log.error("control: cannot read a client's peer credentials ({}); such clients are refused everything", why);
        }
    }
}
