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
 * @param bufferBytes    per-service buffer; when full, output is dropped and counted, never blocking the service
 */
public record OutputConfig(OutputTarget stdout, OutputTarget stderr, boolean combine, long maxSizeBytes, int keep,
                           boolean timestamps, String syslogFacility, int maxLineBytes, long bufferBytes) {}
