package org.pdsup.daemon.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pdsupd's logging set-up in code gives what its {@code logback.xml} gave (the file is kept here, as a test
 * resource, to compare against), and a real JVM that starts logging loads no class of logback's XML configurator
 * nor of its pattern layout.
 */
class LogSetupTest {
    /** logback.xml as pdsupd shipped it before LogSetup. */
    private static final String BEFORE = "/org/pdsup/daemon/logging/logback-before-logsetup.xml";

    @Test
    void logbackFindsItThroughTheServiceFile() {
        List<Class<?>> found = new ArrayList<>();
        ServiceLoader.load(Configurator.class).forEach(c -> found.add(c.getClass()));
        assertThat(found).containsExactly(LogSetup.class);
    }

    @Test
    void linesLevelsAndFilterAreThoseOfTheOldXmlFile() {
        String[] code = new String[1];
        String[] xml = new String[1];
        LoggerContext fromCode = newContext();
        LoggerContext fromXml = newContext();
        code[0] = printed(() -> {
            LogSetup setup = new LogSetup();
            setup.setContext(fromCode);
            assertThat(setup.configure(fromCode)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            capture(fromCode);
            logThree(fromCode);
            flushed(fromCode);
        });
        xml[0] = printed(() -> {
            JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(fromXml);
            try {
                joran.doConfigure(LogSetupTest.class.getResource(BEFORE));
            } catch (JoranException e) {
                throw new AssertionError(e);
            }
            logThree(fromXml);
        });

        for (LoggerContext c : List.of(fromCode, fromXml)) {
            assertThat(c.getTurboFilterList()).singleElement().isInstanceOf(RepeatedMessageFilter.class);
            assertThat(c.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
            assertThat(c.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
        }
        assertThat(fromCode.getLogger(Logger.ROOT_LOGGER_NAME).getLevel())
                .isEqualTo(fromXml.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) ";
        assertThat(code[0].lines().findFirst().orElseThrow()).matches(stamp + "WARN  svc1: crashed");
        assertThat(code[0]).contains("ERROR svc2: cannot spawn\njava.lang.IllegalStateException: outer\n\tat ",
                "Caused by: java.io.IOException: inner\n");
        // the same lines but for the time stamps
        assertThat(code[0].replaceAll("(?m)^" + stamp, "")).isEqualTo(xml[0].replaceAll("(?m)^" + stamp, ""));
        fromCode.stop();
        fromXml.stop();
    }

    @Test
    void repeatedMessagesAreSuppressedAfterTheBurstAsBefore() {
        LoggerContext c = newContext();
        String out = printed(() -> {
            LogSetup setup = new LogSetup();
            setup.setContext(c);
            setup.configure(c);
            capture(c);
            for (int i = 0; i < 15; i++) c.getLogger("org.pdsup.daemon.Test").info("{}: again", "svc1");
            flushed(c);
        });
        assertThat(out.lines().count()).as(out).isEqualTo(10);
        c.stop();
    }

    @Test
    void rootLevelFromThePropertyElseTheEnvironmentElseInfo() {
        assertThat(LogSetup.rootLevel(null, null)).isEqualTo(Level.INFO);
        assertThat(LogSetup.rootLevel("", null)).isEqualTo(Level.INFO);
        assertThat(LogSetup.rootLevel(null, "warn")).isEqualTo(Level.WARN);
        assertThat(LogSetup.rootLevel("DEBUG", "warn")).isEqualTo(Level.DEBUG);
        assertThat(LogSetup.rootLevel("trace ", null)).isEqualTo(Level.TRACE);
        // an unknown name: DEBUG, as logback's <root level="..."> made of it
        assertThat(LogSetup.rootLevel("loud", null)).isEqualTo(Level.DEBUG);
    }

    @Test
    void anOperatorsOwnLogbackFileStillWins() {
        String before = System.getProperty(LogSetup.CONFIG_FILE_PROPERTY);
        System.setProperty(LogSetup.CONFIG_FILE_PROPERTY, "/etc/pdsup/logback.xml");
        try {
            LoggerContext c = newContext();
            LogSetup setup = new LogSetup();
            setup.setContext(c);
            assertThat(setup.configure(c)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(c.getTurboFilterList()).isEmpty();
            assertThat(c.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            if (before == null) System.clearProperty(LogSetup.CONFIG_FILE_PROPERTY);
            else System.setProperty(LogSetup.CONFIG_FILE_PROPERTY, before);
        }
    }

    /** A JVM of its own (this one's class path) that logs one line: no class of logback's Joran is loaded. */
    @Test
    void aJvmThatLogsLoadsNoXmlConfigurator(@TempDir Path dir) throws IOException, InterruptedException {
        Path classes = dir.resolve("classes.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                LogOneLine.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains(" INFO  logged from a JVM of its own");
        String loaded = Files.readString(classes);
        assertThat(loaded).contains("ch.qos.logback.classic.LoggerContext");
        // (ConsoleTarget and JoranException live in joran.spi and are loaded by any set-up)
        assertThat(loaded).doesNotContain("ch.qos.logback.classic.joran.JoranConfigurator")
                .doesNotContain("ch.qos.logback.core.joran.action.").doesNotContain("ch.qos.logback.core.model.")
                // nor its pattern layout, whose converters and parser LineEncoder spares
                .doesNotContain("ch.qos.logback.classic.PatternLayout").doesNotContain("ch.qos.logback.core.pattern.parser.")
                .doesNotContain("ch.qos.logback.classic.pattern.MDCConverter");
    }

    /** Run by {@link #aJvmThatLogsLoadsNoXmlConfigurator} in a JVM of its own. */
    /** procdesc's System.Logger lines come out as pdsupd's own: same format, same writer. */
    @Test
    void systemLoggerLinesGoThroughPdsupdsLog() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LogThroughSystemLogger.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* WARN  epoll_wait failed: "
                + "test; watcher stops\n");
    }

    static final class LogThroughSystemLogger {
        public static void main(String[] args) {
            System.getLogger("org.pdsup.procdesc.linux.LinuxExitWatcher")
                    .log(System.Logger.Level.WARNING, "epoll_wait failed: test; watcher stops");
        }
    }

    static final class LogOneLine {
        public static void main(String[] args) {
            org.slf4j.LoggerFactory.getLogger(LogOneLine.class).info("logged from a JVM of its own");
        }
    }

    /** A context as logback's SLF4J provider makes one (it needs an MDC adapter to log). */
    private static LoggerContext newContext() {
        LoggerContext c = new LoggerContext();
        c.setMDCAdapter(new LogbackMDCAdapter());
        return c;
    }

    private static void logThree(LoggerContext c) {
        c.getLogger("org.pdsup.daemon.supervisor.Supervisor").debug("{}: not shown", "svc1");
        c.getLogger("io.netty.channel.Whatever").info("{}: not shown either", "netty");
        c.getLogger("org.pdsup.daemon.supervisor.Supervisor").warn("{}: crashed", "svc1");
        c.getLogger("org.pdsup.daemon.supervisor.Supervisor").error("{}: cannot spawn", "svc2", TRACE);
    }

    /** One exception for both set-ups: the same trace. */
    private static final Exception TRACE = new IllegalStateException("outer", new IOException("inner"));

    /** What {@code work} (set-up included: an appender may take System.out as it starts) printed. */
    /** BoundedStdout writes descriptor 1 itself: here, the System.out the test has put in place. */
    private static void capture(LoggerContext c) {
        ((BoundedStdout) c.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(LogSetup.APPENDER)).output(System.out);
    }

    /** BoundedStdout's thread writes the lines: wait until it has. */
    private static void flushed(LoggerContext c) {
        assertThat(BoundedStdout.flush(c, java.time.Duration.ofSeconds(30))).isTrue();
    }

    private static String printed(Runnable work) {
        PrintStream before = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(before);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
