package org.pdsup.daemon.supervisor.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;

/** Passes when {@code host:port} accepts a TCP connection within the timeout; the connection is closed at once. */
public final class TcpProbe implements Probe {
    private final String host;
    private final int port;
    private final Duration timeout;

    public TcpProbe(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public ProbeResult run() {
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), Timeouts.millis(timeout));
            return ProbeResult.of(true, describe() + ": connected", at, t0);
        } catch (SocketTimeoutException e) {
            return ProbeResult.of(false, describe() + ": no connection within " + Timeouts.format(timeout), at, t0);
        } catch (UnknownHostException e) {
            return ProbeResult.of(false, describe() + ": unknown host " + host, at, t0);
        } catch (IOException | RuntimeException e) {
            return ProbeResult.of(false, describe() + ": " + Timeouts.reason(e), at, t0);
        }
    }

    @Override
    public String describe() {
        return "tcp " + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
