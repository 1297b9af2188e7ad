package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The example bundled with the daemon ({@code daemon/src/main/resources/example.conf}) passes the validator. */
class ExampleConfigTest {

    @Test
    void theBundledExampleIsValidAndNeedsNoRoot() throws Exception {
        PdsupConfig c = Fixture.loader().loadExample();
        DaemonSettings d = c.daemon();
        assertThat(d.stateDir()).isEqualTo(Path.of("/tmp/pdsupd-example"));
        assertThat(d.logDir()).isEqualTo(Path.of("/tmp/pdsupd-example/log"));
        assertThat(d.control().socket()).isEqualTo(Path.of("/tmp/pdsupd-example/pdsupd.sock"));
        assertThat(d.control().adminUsers()).isEmpty();
        assertThat(d.control().adminGroups()).isEmpty();
        assertThat(d.control().readerUsers()).isEmpty();
        assertThat(d.control().readerGroups()).isEmpty();
        assertThat(d.metrics()).isEqualTo(new MetricsSettings(true, "127.0.0.1", 9772));
        assertThat(c.services().keySet()).containsExactly("clock", "worker", "flaky");
        assertThat(c.services().get("worker").requires()).containsExactly("clock");
        ServiceConfig flaky = c.services().get("flaky");
        assertThat(flaky.restart()).isEqualTo(RestartPolicy.ALWAYS);
        assertThat(flaky.backoff().initial()).hasSeconds(1);
        for (ServiceConfig s : c.services().values()) {
            assertThat(s.command().get(0)).isIn("/bin/sh", "/bin/sleep", "/bin/date", "/usr/bin/env");
            assertThat(s.credentials().uid()).isNull();
            assertThat(s.origin().file()).isEqualTo("example.conf");
        }
        assertThat(c.sourceFiles()).isEmpty();
    }

    @Test
    void theExampleDirectoryComesFromTheEnvironmentWhenSet() throws Exception {
        Map<String, String> env = new HashMap<>(Fixture.ENV);
        env.put("PDSUP_EXAMPLE_DIR", "/var/tmp/mine");
        PdsupConfig c = new ConfigLoader(Fixture.accounts(), env).loadExample();
        assertThat(c.daemon().stateDir()).isEqualTo(Path.of("/var/tmp/mine"));
        assertThat(c.daemon().control().socket()).isEqualTo(Path.of("/var/tmp/mine/pdsupd.sock"));
        assertThat(c.daemon().logDir()).isEqualTo(Path.of("/var/tmp/mine/log"));
    }
}
