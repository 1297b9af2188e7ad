package org.pdsup.daemon.supervisor;

import java.util.List;

/** An operation named a service that is not configured. {@link #known()} lists those that are, in order. */
public final class UnknownServiceException extends RuntimeException {
    private final String service;
    private final List<String> known;

    public UnknownServiceException(String service, List<String> known) {
        super("no service named '" + service + "'");
        this.service = service;
        this.known = List.copyOf(known);
    }

    public String service() {
        return service;
    }

    public List<String> known() {
        return known;
    }
}
