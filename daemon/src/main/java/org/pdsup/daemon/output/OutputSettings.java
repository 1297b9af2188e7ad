package org.pdsup.daemon.output;

import org.pdsup.config.OutputConfig;
import org.pdsup.config.OutputOverflow;
import org.pdsup.config.OutputTarget;

/**
 * A service's {@link OutputConfig}, checked and with the derived facts output capture needs.
 *
 * @param stdout         where stdout goes
 * @param stderr         where stderr goes
 * @param combine        both streams in one file ({@code output.log}) when both go to files
 * @param maxSizeBytes   rotate a file before it would grow past this size; 0 = never (external rotation)
 * @param keep           rotated files kept ({@code .1} newest … {@code .keep} oldest)
 * @param timestamps     prefix each line with an RFC 3339 UTC timestamp with milliseconds
 * @param facility       the syslog facility code (RFC 5424 table)
 * @param maxLineBytes   longer lines are split into pieces of this many bytes, each but the last marked
 * @param bufferBytes    per-service bound of output read but not yet written
 * @param blockWhenFull  when the buffer is full, stop reading the service's pipes (the service waits in write(2))
 *                       instead of dropping
 * @param maxStallMillis with {@code blockWhenFull}, how long reading may stay stopped before output is dropped
 */
record OutputSettings(OutputTarget stdout, OutputTarget stderr, boolean combine, long maxSizeBytes, int keep,
                      boolean timestamps, SyslogFacility facility, int maxLineBytes, long bufferBytes,
                      boolean blockWhenFull, long maxStallMillis) {

    OutputSettings {
        if (stdout == null || stderr == null) throw new IllegalArgumentException("output.stdout and output.stderr are required");
        if (maxSizeBytes < 0) throw new IllegalArgumentException("output.max-size must be >= 0, not " + maxSizeBytes);
        if (keep < 0) throw new IllegalArgumentException("output.keep must be >= 0, not " + keep);
        if (maxLineBytes < 1) throw new IllegalArgumentException("output.max-line must be >= 1 byte, not " + maxLineBytes);
        if (bufferBytes < 1) throw new IllegalArgumentException("output.buffer must be >= 1 byte, not " + bufferBytes);
        if (maxStallMillis < 1) throw new IllegalArgumentException("output.max-stall must be >= 1 ms, not " + maxStallMillis + " ms");
    }

    /** Dropping when full ({@code overflow = drop}), as tests of the writer side want it. */
    OutputSettings(OutputTarget stdout, OutputTarget stderr, boolean combine, long maxSizeBytes, int keep,
                   boolean timestamps, SyslogFacility facility, int maxLineBytes, long bufferBytes) {
        this(stdout, stderr, combine, maxSizeBytes, keep, timestamps, facility, maxLineBytes, bufferBytes, false, 1);
    }

    /** Checks {@code cfg}; a bad value fails with {@link IllegalArgumentException} naming the key. */
    static OutputSettings from(OutputConfig cfg) {
        return new OutputSettings(cfg.stdout(), cfg.stderr(), cfg.combine(), cfg.maxSizeBytes(), cfg.keep(),
                cfg.timestamps(), SyslogFacility.parse(cfg.syslogFacility()), cfg.maxLineBytes(), cfg.bufferBytes(),
                cfg.overflow() == OutputOverflow.BLOCK, Math.max(1, cfg.maxStall().toMillis()));
    }

    /** True when the stream is read through a pipe (file or syslog), false when the child writes directly. */
    static boolean captured(OutputTarget target) {
        return target == OutputTarget.FILE || target == OutputTarget.SYSLOG;
    }

    OutputTarget target(StreamKind stream) {
        return stream == StreamKind.STDOUT ? stdout : stderr;
    }

    /**
     * Both streams go to one file through ONE pipe, like {@code 2>&1}: the kernel keeps the order of the two
     * streams' writes, and every line is attributed to stdout.
     */
    boolean sharedPipe() {
        return combine && stdout == OutputTarget.FILE && stderr == OutputTarget.FILE;
    }
}
