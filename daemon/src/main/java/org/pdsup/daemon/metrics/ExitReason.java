package org.pdsup.daemon.metrics;

/**
 * The labels of one {@code pdsup_service_exits_total} series, from a key of {@link
 * org.pdsup.daemon.supervisor.ServiceSnapshot#exits()}: {@code "exit:CODE"} gives reason "exit" and the code,
 * {@code "signal:NAME"} reason "signal" and the signal name. A key of any other form is kept, as reason
 * "unknown" and the whole key as code, rather than dropped.
 */
record ExitReason(String reason, String code) {

    static ExitReason parse(String key) {
        int colon = key.indexOf(':');
        if (colon > 0) {
            String kind = key.substring(0, colon);
            String code = key.substring(colon + 1);
            if (kind.equals("exit") || kind.equals("signal")) return new ExitReason(kind, code);
        }
        return new ExitReason("unknown", key);
    }
}
