package org.pdsup.daemon.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.util.CachingDateFormatter;

/**
 * pdsupd's log line, {@value LogSetup#PATTERN} as logback's pattern layout wrote it (time stamp with the local
 * offset, the level padded to five, the message; an exception's trace after it, as the layout appended one), written
 * by hand. The pattern layout's class initialiser registers a converter for every keyword logback knows, so
 * building one loaded about 45 converter classes, their 60 or so constructor references and the pattern parser,
 * some 130 classes that every pdsupd carried in its class-data archive for a three-keyword pattern
 * (docs/benchmarks.md, "W3: classes and live set"). {@code LogSetupTest} compares the lines with the old
 * {@code logback.xml}'s.
 */
final class LineEncoder extends EncoderBase<ILoggingEvent> {
    /** {@code %d}'s pattern in {@link LogSetup#PATTERN}. */
    static final String DATE_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
    /** {@code %-5level}: left-aligned, at least this wide. */
    private static final int LEVEL_WIDTH = 5;

    /** logback's own (thread-safe: it caches the formatted second atomically), in the JVM's time zone. */
    private final CachingDateFormatter dates = new CachingDateFormatter(DATE_PATTERN, null);

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        StringBuilder line = new StringBuilder(40 + (message == null ? 4 : message.length()));
        line.append(dates.format(event.getTimeStamp())).append(' ');
        String level = event.getLevel().toString();
        line.append(level);
        for (int i = level.length(); i < LEVEL_WIDTH; i++) line.append(' ');
        line.append(' ').append(message).append(CoreConstants.LINE_SEPARATOR);
        if (event.getThrowableProxy() != null) line.append(throwableConverter().convert(event));
        // the platform's charset, as a pattern layout encoder without a charset wrote
        return line.toString().getBytes();
    }

    /** What the pattern layout appended to a pattern without a throwable keyword; made when a trace is logged. */
    private ThrowableHandlingConverter throwableConverter() {
        ThrowableHandlingConverter c = getContext() instanceof LoggerContext lc && lc.isPackagingDataEnabled()
                ? new ExtendedThrowableProxyConverter() : new ThrowableProxyConverter();
        c.setContext(getContext());
        c.start();
        return c;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
