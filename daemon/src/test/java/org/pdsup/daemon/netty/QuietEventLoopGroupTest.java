package org.pdsup.daemon.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.Test;
import org.pdsup.daemon.metrics.NoBackgroundWorkTest;

class QuietEventLoopGroupTest {

    private static EventLoopGroup quiet(String name) {
        return new QuietEventLoopGroup(1, r -> new FastThreadLocalThread(r, name), NioIoHandler.newFactory());
    }

    private static long idleSwitches(EventLoopGroup group, String name) throws Exception {
        group.submit(() -> { }).sync();                       // the thread exists and has run
        Path task = NoBackgroundWorkTest.task(name);
        Thread.sleep(300);
        long before = NoBackgroundWorkTest.contextSwitches(task);
        Thread.sleep(1_500);                                  // Netty's own loop wakes every 1 s
        return NoBackgroundWorkTest.contextSwitches(task) - before;
    }

    @Test
    void anIdleLoopDoesNotWakeButNettysOwnWakesEverySecond() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs /proc/self/task (Linux)");
        EventLoopGroup plain = new MultiThreadIoEventLoopGroup(1, (ThreadFactory) r -> new FastThreadLocalThread(r, "plain-loop"),
                NioIoHandler.newFactory());
        EventLoopGroup quiet = quiet("quiet-loop");
        try {
            assertThat(idleSwitches(plain, "plain-loop")).as("Netty's loop, the reason for this class").isPositive();
            assertThat(idleSwitches(quiet, "quiet-loop")).isZero();
        } finally {
            plain.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            quiet.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void scheduledTasksStillRunAndCancelledOnesLeaveTheLoopAsleep() throws Exception {
        EventLoopGroup quiet = quiet("quiet-sched");
        try {
            CountDownLatch ran = new CountDownLatch(1);
            quiet.schedule(ran::countDown, 50, TimeUnit.MILLISECONDS);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();

            ScheduledFuture<?> never = quiet.schedule(() -> { }, 1, TimeUnit.HOURS);
            never.cancel(false);
            if (Files.isDirectory(Path.of("/proc/self/task"))) {
                assertThat(idleSwitches(quiet, "quiet-sched")).as("after the cancel").isZero();
            }
        } finally {
            quiet.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        assertThat(quiet.isTerminated()).isTrue();
    }
}
