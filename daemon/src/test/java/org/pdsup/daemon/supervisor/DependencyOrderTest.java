package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.ConfigLoader;
import org.pdsup.config.ServiceConfig;
import org.pdsup.procdesc.Accounts;

/**
 * The start order over requires and after, and the reverse edges, on small graphs and on a chain of 10,000
 * services (on a small stack: nothing recurses). Correctness only; no time is asserted.
 */
class DependencyOrderTest {
    @TempDir
    Path tmp;

    private Map<String, Service> load(String services) throws Exception {
        Path conf = tmp.resolve("pdsupd.conf");
        Files.writeString(conf, "pdsupd { state-dir = \"" + tmp.resolve("state") + "\", log-dir = \""
                + tmp.resolve("log") + "\", metrics.enabled = false }\nservices {\n" + services + "}\n");
        Map<String, Service> out = new LinkedHashMap<>();
        for (ServiceConfig sc : new ConfigLoader(Accounts.system()).load(conf).services().values()) {
            out.put(sc.name(), new Service(sc));
        }
        return out;
    }

    @Test
    void requirementsAreStartedFirstAndAfterOnlyOrdersWhatIsStartedAnyway() throws Exception {
        Map<String, Service> s = load("""
                web { command = [/bin/true], requires = [app], after = [cache] }
                app { command = [/bin/true], requires = [db] }
                cache { command = [/bin/true], after = [db] }
                db { command = [/bin/true] }
                """);
        assertThat(DependencyOrder.withRequirements(List.of("web"), s)).containsExactly("db", "app", "web");
        assertThat(DependencyOrder.startOrder(List.of("web", "cache"), s, true))
                .containsExactly("db", "app", "cache", "web");
        assertThat(DependencyOrder.startOrder(List.of("web", "cache", "app", "db"), s, false))
                .containsExactly("db", "app", "cache", "web");
        assertThat(DependencyOrder.startOrder(List.of("cache"), s, true)).as("after pulls nothing in")
                .containsExactly("cache");

        DependencyOrder order = new DependencyOrder();
        order.rebuild(s.values());
        assertThat(order.dependents("db")).extracting(x -> x.name).containsExactly("app");
        assertThat(order.orderedAfter("db")).extracting(x -> x.name).containsExactly("cache");
        assertThat(order.orderedAfter("cache")).extracting(x -> x.name).containsExactly("web");
        assertThat(order.dependents("web")).isEmpty();
    }

    @Test
    void aChainOfTenThousandIsOrderedOnASmallStack() throws Exception {
        int n = 10_000;
        ServiceConfig t = load("t { command = [/bin/true] }\n").get("t").config; // loading 10,000 takes long
        Map<String, Service> s = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            List<String> before = i == 0 ? List.of() : List.of("svc" + (i - 1));
            boolean requires = i % 2 == 0;
            ServiceConfig c = new ServiceConfig("svc" + i, t.command(), t.directory(), t.environment(),
                    t.environmentFile(), t.clearEnvironment(), t.type(), t.pidfile(), t.restart(),
                    t.successExitCodes(), t.backoff(), t.startLimit(), t.stop(), t.reloadSignal(), t.ready(),
                    requires ? before : List.of(), requires ? List.of() : before, t.autostart(), t.persist(),
                    t.credentials(), t.output(), t.inheritFds(), t.sockets(), t.origin());
            s.put(c.name(), new Service(c));
        }
        List<String> all = new ArrayList<>(s.keySet());
        List<String> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        AtomicReference<List<String>> result = new AtomicReference<>();
        Thread small = new Thread(null, () -> result.set(DependencyOrder.startOrder(reversed, s, false)),
                "small-stack", 256 * 1024);
        small.start();
        small.join();
        assertThat(result.get()).isEqualTo(all);
        DependencyOrder order = new DependencyOrder();
        order.rebuild(s.values());
        assertThat(order.dependents("svc4999")).extracting(x -> x.name).containsExactly("svc5000");
        assertThat(order.orderedAfter("svc4999")).isEmpty();
        assertThat(order.orderedAfter("svc5000")).extracting(x -> x.name).containsExactly("svc5001");
        assertThat(order.dependents("svc5000")).isEmpty();
    }
}
