package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.linux.TestSupport.quiet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Signal;

/** The epoll thread delivers every exit exactly once, and readable descriptors level-triggered. */
class ExitWatcherTest {

    /** Waiting bound for deliveries: a safety net against a hang, not a timing assertion. */
    private static final long BOUND_SECONDS = 120;

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void deliversANaturalExitWithItsStatus(SpawnMode mode) throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(mode);
        BlockingQueue<ExitStatus> exits = new LinkedBlockingQueue<>();
        try (ExitWatcher watcher = pds.newExitWatcher("test-watcher");
             ProcessDescriptor pd = pds.spawn(quiet("/bin/sh", "-c", "exit 7").build())) {
            watcher.watch(pd, (p, s) -> exits.add(s));
            ExitStatus s = exits.poll(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(s).isNotNull();
            assertThat(s.code()).isEqualTo(7);
            assertThat(s.resourceUsage()).isPresent();
            assertThat(pd.tryWait()).contains(s); // reaped by the watcher, same status
        }
        assertThat(exits).isEmpty();
    }

    @Test
    void deliversImmediatelyWhenAlreadyExited() throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(SpawnMode.HELPER_FORK);
        BlockingQueue<ExitStatus> exits = new LinkedBlockingQueue<>();
        try (ExitWatcher watcher = pds.newExitWatcher("test-watcher");
             ProcessDescriptor pd = pds.spawn(quiet("/bin/true").build())) {
            pd.waitFor(); // reaped before watching
            watcher.watch(pd, (p, s) -> exits.add(s));
            assertThat(exits.poll(BOUND_SECONDS, TimeUnit.SECONDS)).isNotNull().extracting(ExitStatus::code)
                    .isEqualTo(0);
        }
    }

    /** 1,000 children running at once, killed by closing their descriptors: 1,000 deliveries, one each. */
    @Test
    void thousandConcurrentChildrenAreEachDeliveredOnce() throws Exception {
        int n = Integer.getInteger("pdsup.test.concurrent", 1000);
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(SpawnMode.HELPER_FORK);
        Map<ProcessDescriptor, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Map<ProcessDescriptor, ExitStatus> statuses = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(n);
        List<ProcessDescriptor> children = new ArrayList<>(n);
        ExitWatcher watcher = pds.newExitWatcher("test-watcher-1000");
        try {
            for (int i = 0; i < n; i++) {
                ProcessDescriptor pd = pds.spawn(quiet("/bin/sleep", "30").build());
                children.add(pd);
                deliveries.put(pd, new AtomicInteger());
                watcher.watch(pd, (p, s) -> {
                    deliveries.get(p).incrementAndGet();
                    statuses.put(p, s);
                    all.countDown();
                });
            }
            for (ProcessDescriptor pd : children) assertThat(pd.isAlive()).isTrue();
            for (ProcessDescriptor pd : children) pd.close();
            assertThat(all.await(BOUND_SECONDS, TimeUnit.SECONDS)).as("all exits delivered").isTrue();
        } finally {
            watcher.close(); // joins the thread: no callback can follow
            for (ProcessDescriptor pd : children) pd.close();
        }
        assertThat(deliveries.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
        assertThat(statuses.values()).allSatisfy(s -> assertThat(s.signal()).isEqualTo(Signal.KILL));
        assertThat(TestSupport.zombieChildren()).isEmpty();
    }

    @Test
    void unwatchedProcessIsNotDelivered() throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(SpawnMode.DIRECT);
        AtomicInteger calls = new AtomicInteger();
        BlockingQueue<ExitStatus> marker = new LinkedBlockingQueue<>();
        ExitWatcher watcher = pds.newExitWatcher("test-watcher");
        try (ProcessDescriptor quiet = pds.spawn(quiet("/bin/sleep", "30").build());
             ProcessDescriptor loud = pds.spawn(quiet("/bin/true").build())) {
            watcher.watch(quiet, (p, s) -> calls.incrementAndGet());
            watcher.unwatch(quiet);
            quiet.signal(Signal.TERM); // exits only after it was unwatched
            ((LinuxProcessDescriptor) quiet).awaitExit(-1);
            watcher.watch(loud, (p, s) -> marker.add(s)); // delivered after any event for quiet would have been
            assertThat(marker.poll(BOUND_SECONDS, TimeUnit.SECONDS)).isNotNull();
            watcher.close(); // joins the thread: nothing can be delivered later
            assertThat(calls.get()).isZero();
            assertThat(quiet.tryWait()).map(ExitStatus::signal).contains(Signal.TERM);
        } finally {
            watcher.close();
        }
    }

    @Test
    void readableDescriptorsAreLevelTriggered() throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(SpawnMode.DIRECT);
        Pipe p = pds.pipe();
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (ExitWatcher watcher = pds.newExitWatcher("test-watcher")) {
            Fds.setNonBlocking(p.readFd());
            watcher.watchReadable(p.readFd(), fd -> {
                byte[] b = new byte[1]; // one byte per callback: the rest must come back (level-triggered)
                int n = Fds.read(fd, b, 0, 1);
                got.add(n == -1 ? "EOF" : n == 0 ? "" : new String(b));
                if (n == -1) watcher.unwatchFd(fd);
            });
            Fds.write(p.writeFd(), "abc".getBytes(), 0, 3);
            assertThat(got.poll(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(got.poll(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("b");
            assertThat(got.poll(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("c");
            Fds.close(p.writeFd());
            assertThat(got.poll(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("EOF");
        } finally {
            Fds.close(p.readFd());
        }
    }
}
