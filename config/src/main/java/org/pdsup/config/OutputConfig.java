package org.pdsup.config;

/**
 * Output capture of a service ({@code services.NAME.output}, defaults in {@code pdsupd.output}).
 *
 * @param combine        both streams go to one file ({@code NAME/output.log} under the log dir)
 * @param maxSizeBytes   rotate a log file when it reaches this size; 0 = never rotate by size
 * @param keep           rotated files to keep
 * @param timestamps     prefix each line with a timestamp
 * @param syslogFacility facility name for {@link OutputTarget#SYSLOG}, e.g. {@code daemon}, {@code local3}
 * @param maxLineBytes   longer lines are split and marked
 * @param bufferBytes    per-service buffer of output read but not yet written
 * @param overflow       what happens when the buffer is full: pause reading (the service waits) or drop
 * @param maxStall       with {@link OutputOverflow#BLOCK}, the longest the service is made to wait before output
 *                       is dropped after all
 */
public record OutputConfig(OutputTarget stdout, OutputTarget stderr, boolean combine, long maxSizeBytes, int keep,
                           boolean timestamps, String syslogFacility, int maxLineBytes, long bufferBytes,
                           OutputOverflow overflow, java.time.Duration maxStall) {

    /** The built-in default of {@code output.max-stall}. */
    public static final java.time.Duration DEFAULT_MAX_STALL = java.time.Duration.ofSeconds(5);

    /** With the default overflow handling: {@code block}, for at most {@link #DEFAULT_MAX_STALL}. */
    public OutputConfig(OutputTarget stdout, OutputTarget stderr, boolean combine, long maxSizeBytes, int keep,
                        boolean timestamps, String syslogFacility, int maxLineBytes, long bufferBytes) {
        this(stdout, stderr, combine, maxSizeBytes, keep, timestamps, syslogFacility, maxLineBytes, bufferBytes,
                OutputOverflow.BLOCK, DEFAULT_MAX_STALL);
    }
}
