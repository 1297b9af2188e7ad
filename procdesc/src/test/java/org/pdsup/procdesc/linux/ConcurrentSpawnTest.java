package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.linux.TestSupport.quiet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdsup.procdesc.ProcessDescriptor;

/**
 * spawn() from several threads at once (pdsupd spawns from four): every spawn yields its own child with its own
 * status, the exec helpers are never taken for orphans, and nothing leaks.
 */
class ConcurrentSpawnTest {

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void fourThreadsSpawnSideBySide(SpawnMode mode) throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(mode);
        pds.becomeSubreaper();
        for (int i = 0; i < 10; i++) {
            try (ProcessDescriptor pd = pds.spawn(quiet("/bin/true").build())) {
                pd.waitFor();
            }
        }
        int fdsBefore = TestSupport.selfFdCount();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        ExecutorService reaper = Executors.newSingleThreadExecutor();
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int code = i % 7;
                results.add(threads.submit(() -> {
                    reaper.submit(pds::reapOrphans); // as SIGCHLD would, while spawns are in flight
                    try (ProcessDescriptor pd = pds.spawn(quiet("/bin/sh", "-c", "exit " + code).build())) {
                        return pd.waitFor().code() * 1000 + code;
                    }
                }));
            }
            Set<Integer> seen = new HashSet<>();
            for (Future<Integer> f : results) {
                int r = f.get(60, TimeUnit.SECONDS);
                assertThat(r / 1000).as("each child's own exit code").isEqualTo(r % 1000);
                seen.add(r % 1000);
            }
            assertThat(seen).hasSize(7);
        } finally {
            threads.shutdown();
            reaper.shutdown();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(reaper.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(TestSupport.zombieChildren()).isEmpty();
        assertThat(TestSupport.selfFdCount()).isLessThanOrEqualTo(fdsBefore + 3);
    }
}
