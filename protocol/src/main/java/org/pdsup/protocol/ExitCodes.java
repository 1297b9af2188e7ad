package org.pdsup.protocol;

/**
 * pdctl's exit statuses, here so the daemon's tests and other clients agree with it. The numbers above 63 are
 * those of sysexits(3).
 */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    /** Any error not listed below. */
    public static final int ERROR = 1;
    /** Bad command line. */
    public static final int USAGE = 2;
    /** {@code status NAME…}: a named service is neither running nor starting ({@code pid}: not running). */
    public static final int NOT_RUNNING = 3;
    /** A name or glob matched no service. */
    public static final int NO_SUCH_SERVICE = 4;
    /** EX_UNAVAILABLE: the daemon cannot be reached, or is shutting down. */
    public static final int UNAVAILABLE = 69;
    /** EX_TEMPFAIL: {@code wait} timed out. */
    public static final int TIMEOUT = 75;
    /** EX_NOPERM: the daemon refused the request for this user. */
    public static final int FORBIDDEN = 77;
    /** EX_CONFIG: {@code reload} found errors in the configuration. */
    public static final int CONFIG_ERROR = 78;

    /** The exit status for an error response. */
    public static int forError(ErrorCode code) {
        switch (code) {
            case NO_SUCH_SERVICE: return NO_SUCH_SERVICE;
            case FORBIDDEN: return FORBIDDEN;
            case TIMEOUT: return TIMEOUT;
            case CONFIG_ERROR: return CONFIG_ERROR;
            case SHUTTING_DOWN:
            case RESTARTING:
            case TOO_MANY_CONNECTIONS: return UNAVAILABLE;
            default: return ERROR;
        }
    }

    public static int forError(String wireCode) {
        return forError(ErrorCode.fromWire(wireCode));
    }
}
