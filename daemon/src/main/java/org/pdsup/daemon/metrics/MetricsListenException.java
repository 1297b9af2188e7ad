package org.pdsup.daemon.metrics;

/**
 * The metrics endpoint could not listen; the message names the address and the reason, for example
 * {@code metrics: cannot listen on 127.0.0.1:9772: address already in use}.
 */
public class MetricsListenException extends RuntimeException {
    public MetricsListenException(String message, Throwable cause) {
        super(message, cause);
    }
}
