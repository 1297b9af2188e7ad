package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.ConfigLoader;
import org.pdsup.config.ServiceConfig;
import org.pdsup.procdesc.Accounts;

/**
 * What {@link ServiceTable} publishes: every configured service from the start (the control socket opens before
 * the boot), and after a change only that service's snapshot is new while every other one is shared.
 */
class ServiceTablePublishingTest {
    @TempDir
    Path dir;

    private List<Service> services(int n) throws Exception {
        StringBuilder conf = new StringBuilder("pdsupd { state-dir = \"" + dir.resolve("state") + "\", log-dir = \""
                + dir.resolve("log") + "\", control.socket = \"" + dir.resolve("s.sock")
                + "\", metrics.enabled = false }\nservices {\n");
        for (int i = 0; i < n; i++) conf.append("  s").append(i).append(" { command = [\"/bin/true\"] }\n");
        Path f = dir.resolve("pdsupd.conf");
        Files.writeString(f, conf.append("}\n"));
        List<Service> out = new ArrayList<>();
        for (ServiceConfig sc : new ConfigLoader(Accounts.system()).load(f).services().values()) out.add(new Service(sc));
        return out;
    }

    @Test
    void everyConfiguredServiceIsPublishedBeforeTheLoopRuns() throws Exception {
        try (SupervisorLoop loop = new SupervisorLoop()) {
            ServiceTable table = new ServiceTable(loop, new NoCapture(), services(3));
            assertThat(table.published().services().keySet()).containsExactly("s0", "s1", "s2");
            assertThat(table.published().services().get("s1").state()).isEqualTo(ServiceState.STOPPED);
        }
    }

    @Test
    void aChangeRepublishesOnlyThatService() throws Exception {
        List<Service> all = services(150);
        try (SupervisorLoop loop = new SupervisorLoop()) {
            ServiceTable table = new ServiceTable(loop, new NoCapture(), all);
            SupervisorSnapshot before = loop.call(() -> {
                table.publish();
                return table.published();
            }).join();
            Service changed = all.get(100);
            SupervisorSnapshot after = loop.call(() -> {
                changed.restarts = 7;
                table.changed(changed);
                return table.published();
            }).join();
            assertThat(after).isNotSameAs(before);
            assertThat(after.services().get("s100").restarts()).isEqualTo(7);
            assertThat(before.services().get("s100").restarts()).isZero();
            for (int i = 0; i < 150; i++) {
                if (i != 100) assertThat(after.services().get("s" + i)).isSameAs(before.services().get("s" + i));
            }
            assertThat(after.services().keySet()).containsExactlyElementsOf(before.services().keySet());
        }
    }
}
