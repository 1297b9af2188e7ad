package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ProcessDescriptors;

/** The loading thread of a daemon start: off the main thread, never holding up exit, never failing anyone. */
class StartupWarmupTest {

    @Test
    void theWorkRunsOnItsOwnDaemonThread() throws InterruptedException {
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        Thread t = StartupWarmup.begin(() -> ranOn.add(Thread.currentThread()));
        t.join();
        assertThat(ranOn).containsExactly(t);
        assertThat(t.getName()).isEqualTo(StartupWarmup.THREAD_NAME);
        assertThat(t.isDaemon()).isTrue();
        assertThat(t).isNotSameAs(Thread.currentThread());
    }

    @Test
    void aFailureEndsTheThreadQuietly() throws InterruptedException {
        for (Throwable failure : List.of(new IllegalStateException("no backend"),
                new UnsatisfiedLinkError("no libc"))) {
            List<Throwable> uncaught = new CopyOnWriteArrayList<>();
            Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
            Thread.setDefaultUncaughtExceptionHandler((th, e) -> uncaught.add(e));
            try {
                Thread t = StartupWarmup.begin(() -> {
                    if (failure instanceof RuntimeException r) throw r;
                    throw (Error) failure;
                });
                t.join();
            } finally {
                Thread.setDefaultUncaughtExceptionHandler(before);
            }
            assertThat(uncaught).as("reported for %s", failure).isEmpty();
        }
    }

    @Test
    void theRealLoadingLeavesTheSameBackendForTheMainThread() throws InterruptedException {
        StartupWarmup.begin().join();
        ProcessDescriptors loaded = ProcessDescriptors.system();
        assertThat(loaded).isSameAs(ProcessDescriptors.system());
        assertThat(loaded.describe()).isNotBlank();
    }
}
