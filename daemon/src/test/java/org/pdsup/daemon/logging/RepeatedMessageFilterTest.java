package org.pdsup.daemon.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepeatedMessageFilterTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final RepeatedMessageFilter filter = new RepeatedMessageFilter();
    private Logger log;

    @BeforeEach
    void setUp() {
        filter.setBurst(3);
        filter.setIntervalMillis(10_000);
        filter.setMaxKeys(4);
        filter.setClock(now::get);
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        appender.setContext(context);
        appender.start();
        log = context.getLogger("test");
        log.setLevel(Level.INFO);
        log.addAppender(appender);
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    @Test
    void letsTheFirstMessagesThroughThenCountsAndSummarisesLater() {
        for (int i = 0; i < 10_000; i++) log.warn("control: refused '{}' for {}", "start", "uid " + i);
        assertThat(lines()).hasSize(3).allMatch(l -> l.startsWith("control: refused 'start' for uid "));
        now.addAndGet(10_000);
        log.warn("control: refused '{}' for {}", "start", "uid x");
        assertThat(lines()).hasSize(5);
        assertThat(lines().get(3)).isEqualTo("suppressed 9997 similar messages in 10 s: \"control: refused '{}' for {}\""
                + " with first argument start");
        assertThat(appender.list.get(3).getLevel()).isEqualTo(Level.WARN);
        assertThat(lines().get(4)).isEqualTo("control: refused 'start' for uid x");
    }

    @Test
    void oneServicesTroubleDoesNotHideAnothers() {
        for (int i = 0; i < 100; i++) log.info("{}: exited with status {}; restarting", "web", 1);
        log.info("{}: exited with status {}; restarting", "db", 1);
        assertThat(lines()).containsExactly("web: exited with status 1; restarting", "web: exited with status 1; restarting",
                "web: exited with status 1; restarting", "db: exited with status 1; restarting");
    }

    @Test
    void theKeyTableIsBoundedAndOverflowIsStillLimited() {
        for (int i = 0; i < 10_000; i++) log.info("{}: crashed", "svc" + i);
        assertThat(filter.keys()).isLessThanOrEqualTo(5);
        // four keys of their own, then the overflow key logs its burst of three
        assertThat(lines()).hasSize(4 + 3);
        now.addAndGet(10_000);
        log.info("something else");
        assertThat(lines()).contains("suppressed 9993 similar messages in 10 s: \"{}: crashed\" (any first argument)");
        assertThat(filter.keys()).isEqualTo(1);
    }

    @Test
    void summariesComeOutOnTheNextEventOfAnyKeyAndDisabledLevelsAreNotCounted() {
        for (int i = 0; i < 5; i++) log.warn("disk {} full", "/var");
        for (int i = 0; i < 1000; i++) log.debug("noise {}", i);
        now.addAndGet(10_001);
        log.info("unrelated");
        assertThat(lines()).containsExactly("disk /var full", "disk /var full", "disk /var full",
                "suppressed 2 similar messages in 10 s: \"disk {} full\" with first argument /var", "unrelated");
    }
}
