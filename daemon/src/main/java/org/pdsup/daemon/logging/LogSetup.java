package org.pdsup.daemon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * pdsupd's logging set-up, in code: what {@code logback.xml} said, without logback's XML configurator (Joran),
 * whose model, actions and handlers were about 270 of the 4,250 classes an idle pdsupd had loaded, all of them
 * in the class-data archive and in the memory of every pdsupd (docs/benchmarks.md, "W3 memory"). Found by
 * logback through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}.
 *
 * <ul>
 *   <li>{@link RepeatedMessageFilter} daemon-wide: 10 messages per 60 s per key, 1,024 keys (docs/reliability.md);
 *   <li>one appender, standard output (daemon(8) or systemd make it the log file or the journal), written by a
 *       thread of its own with at most 256 KiB queued ({@link BoundedStdout}: a stopped reader never blocks the
 *       thread that logs; lines that do not fit are dropped and counted), each line
 *       {@value #PATTERN} ({@link LineEncoder} writes it: logback's pattern layout loaded about 130 classes);
 *   <li>{@code io.netty} at WARN; the root at {@code PDSUPD_LOG_LEVEL} (a system property of that name, else the
 *       environment variable, as logback's {@code ${PDSUPD_LOG_LEVEL:-INFO}} looked them up), INFO if unset.
 * </ul>
 *
 * <p>An operator's own logback file ({@code -Dlogback.configurationFile=FILE} in {@code PDSUPD_JAVA_OPTS}) still
 * wins: then this set-up steps aside and logback reads that file as before.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %msg%n";
    static final String LEVEL_VARIABLE = "PDSUPD_LOG_LEVEL";
    /** The appender's name: standard output, through {@link BoundedStdout}. */
    static final String APPENDER = "STDOUT";
    /** logback's own property naming a configuration file. */
    static final String CONFIG_FILE_PROPERTY = "logback.configurationFile";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIG_FILE_PROPERTY) != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;

        RepeatedMessageFilter repeated = new RepeatedMessageFilter();
        repeated.setBurst(10);
        repeated.setIntervalMillis(60_000);
        repeated.setMaxKeys(1024);
        repeated.setContext(context);
        repeated.start();
        context.addTurboFilter(repeated);

        LineEncoder encoder = new LineEncoder(); // PATTERN, without logback's pattern layout
        encoder.setContext(context);
        encoder.start();
        BoundedStdout stdout = new BoundedStdout();
        stdout.setContext(context);
        stdout.setName(APPENDER);
        stdout.setEncoder(encoder);
        stdout.start();

        context.getLogger("io.netty").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel(System.getProperty(LEVEL_VARIABLE), System.getenv(LEVEL_VARIABLE)));
        root.addAppender(stdout);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * The root level from the system property, else the environment variable: INFO when neither is set (or set
     * empty); a name logback does not know gives DEBUG, as {@code <root level="...">} did.
     */
    static Level rootLevel(String property, String environment) {
        String name = property != null ? property : environment;
        if (name == null || name.isEmpty()) return Level.INFO;
        return Level.toLevel(name.trim());
    }
}
