package org.pdsup.daemon.metrics;

/**
 * The labels of one {@code pdsup_service_exits_total} series, from a key of {@link
 * org.pdsup.daemon.supervisor.ServiceSnapshot#exits()}: {@code "exit:CODE"} gives reason "exit" and the code,
 * {@code "signal:NAME"} reason "signal" and the signal name; a run that ended because pdsupd was asked to end it
 * (operator stop or restart, reload, shutdown), key {@code "stopped:exit:CODE"} or {@code "stopped:signal:NAME"},
 * gives reason "stopped" and the code or signal name, so that such exits are never counted as crashes. A key of
 * any other form is kept, as reason "unknown" and the whole key as code, rather than dropped.
 */
record ExitReason(String reason, String code) {

    static final String STOPPED = "stopped";
    private static final String STOPPED_PREFIX = STOPPED + ":";

    static ExitReason parse(String key) {
        if (key.startsWith(STOPPED_PREFIX)) {
            ExitReason how = parse(key.substring(STOPPED_PREFIX.length()));
            return new ExitReason(STOPPED, how.code());
        }
        int colon = key.indexOf(':');
        if (colon > 0) {
            String kind = key.substring(0, colon);
            String code = key.substring(colon + 1);
            if (kind.equals("exit") || kind.equals("signal")) return new ExitReason(kind, code);
        }
        return new ExitReason("unknown", key);
    }
}
