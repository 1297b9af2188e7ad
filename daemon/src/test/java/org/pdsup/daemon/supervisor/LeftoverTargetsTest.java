package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.stats.ProcessIdentity;
import org.pdsup.procdesc.stats.ProcessTable;

/**
 * Which processes {@link LeftoverCleanup} would signal for a recorded service process, on a fake process table:
 * a reused PID or a member older than the service is never a target, nor is pdsupd's own group or session.
 */
class LeftoverTargetsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
    private static final ProcessTable TICKS = new ProcessTable() {
        @Override public boolean supported() { return true; }
        @Override public Optional<ProcessIdentity> identity(int pid) { return Optional.empty(); }
        @Override public List<ProcessIdentity> all() { return List.of(); }
        @Override public Duration startTimeResolution() { return Duration.ofMillis(10); }
    };
    private static final ProcessIdentity SELF = new ProcessIdentity(50, 40, 40, T0.minusSeconds(100), false);
    private static final SessionState.Entry SERVICE = new SessionState.Entry("web", 700, T0, 700, 700);

    private static ProcessIdentity p(int pid, int pgid, int sid, Instant start) {
        return new ProcessIdentity(pid, pgid, sid, start, false);
    }

    @Test
    void membersOfTheDeadLeadersSessionAreTargets() {
        List<ProcessIdentity> all = List.of(p(701, 700, 700, T0.plusMillis(5)), p(702, 702, 700, T0.plusSeconds(3)),
                p(800, 800, 800, T0.plusSeconds(1)), SELF);
        assertThat(LeftoverCleanup.targets(SERVICE, all, Optional.empty(), SELF, TICKS))
                .extracting(ProcessIdentity::pid).containsExactly(701, 702);
    }

    @Test
    void aReusedLeaderPidWithAnotherStartTimeIsNeverSignalled() {
        ProcessIdentity reused = p(700, 700, 700, T0.plusSeconds(3600));
        List<ProcessIdentity> all = List.of(reused, p(701, 700, 700, T0.plusSeconds(3601)));
        assertThat(LeftoverCleanup.targets(SERVICE, all, Optional.of(reused), SELF, TICKS)).isEmpty();
    }

    @Test
    void aSessionIdReusedByOlderProcessesIsNeverSignalled() {
        // members that started before the recorded service cannot be its descendants
        List<ProcessIdentity> all = List.of(p(701, 700, 700, T0.minusSeconds(5)));
        assertThat(LeftoverCleanup.targets(SERVICE, all, Optional.empty(), SELF, TICKS)).isEmpty();
    }

    @Test
    void theLeaderItselfCountsOnlyWithItsRecordedStartTime() {
        ProcessIdentity leader = p(700, 700, 700, T0.plusMillis(3));
        assertThat(LeftoverCleanup.targets(SERVICE, List.of(leader), Optional.of(leader), SELF, TICKS))
                .containsExactly(leader);
    }

    @Test
    void pdsupdsOwnSessionAndGroupAreNeverTargets() {
        // a service without setsid shares pdsupd's session: only the recorded process itself may be a target
        SessionState.Entry shared = new SessionState.Entry("plain", 710, T0, 40, 40);
        List<ProcessIdentity> all = List.of(p(710, 40, 40, T0), p(711, 40, 40, T0.plusSeconds(1)), SELF);
        assertThat(LeftoverCleanup.targets(shared, all, Optional.of(all.get(0)), SELF, TICKS)).isEmpty();
        assertThat(LeftoverCleanup.targets(SERVICE, List.of(p(720, 40, 700, T0.plusSeconds(1))), Optional.empty(),
                SELF, TICKS)).isEmpty();
    }

    @Test
    void zombiesAreNotSignalled() {
        List<ProcessIdentity> all = List.of(new ProcessIdentity(701, 700, 700, T0.plusSeconds(1), true));
        assertThat(LeftoverCleanup.targets(SERVICE, all, Optional.empty(), SELF, TICKS)).isEmpty();
    }
}
