package org.pdsup.daemon.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.pdsup.daemon.supervisor.RunSummary;
import org.pdsup.daemon.supervisor.ServiceSnapshot;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorSnapshot;

/** Builds the supervisor's snapshot records for tests, as the supervisor would publish them. */
final class TestSnapshots {
    private TestSnapshots() {}

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00.250Z");

    static ServiceSnapshot running(String name, int pid, long restarts, Map<String, Long> exits) {
        RunSummary last = new RunSummary(pid + 1, T0.minusSeconds(60), T0.minusSeconds(30), "exit 3", 3, null,
                false, 0.5, 0.125, 7_340_032);
        return new ServiceSnapshot(name, ServiceState.RUNNING, true, pid, T0, T0, restarts, 2, last, null,
                false, false, exits, 12.5, 3.25, 4096);
    }

    static ServiceSnapshot inState(String name, ServiceState state) {
        return new ServiceSnapshot(name, state, false, 0, T0, null, 0, 0, null, null, false, false, Map.of(),
                0, 0, 0);
    }

    static SupervisorSnapshot of(ServiceSnapshot... services) {
        Map<String, ServiceSnapshot> m = new LinkedHashMap<>();
        for (ServiceSnapshot s : services) m.put(s.name(), s);
        return new SupervisorSnapshot(T0, m);
    }
}
