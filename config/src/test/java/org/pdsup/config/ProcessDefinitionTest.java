package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reload does with a changed service: {@code processDefinition} differs when the process must restart,
 * {@code sameProcessAs} holds when only policy changed.
 */
class ProcessDefinitionTest {
    @TempDir
    Path tmp;

    private static final String BASE = "command = [/bin/sh, -c, \"exec sleep 100\"], ready { mode = notify-fd, fd = 3 }";

    private ServiceConfig load(String extra) throws Exception {
        return load("", extra);
    }

    private ServiceConfig load(String before, String extra) throws Exception {
        Fixture f = new Fixture(tmp);
        return f.load(before + "services.web { " + BASE + "\n" + extra + "\n}\n").services().get("web");
    }

    @Test
    void theSameConfigurationLoadedTwiceIsEqual() throws Exception {
        ServiceConfig a = load("");
        ServiceConfig b = load("");
        assertThat(a).isEqualTo(b);
        assertThat(a.processDefinition()).isEqualTo(b.processDefinition());
        assertThat(a.sameProcessAs(b)).isTrue();
    }

    @Test
    void policyOnlyChangesKeepTheProcess() throws Exception {
        ServiceConfig base = load("");
        String[] policyChanges = {
                "restart = never",
                "restart = on-failure, success-exit-codes = [0, 1]",
                "backoff { initial = 1s, max = 2m, multiplier = 3, jitter = 0.5, reset-after = 1h }",
                "start-limit { burst = 1, interval = 1h }",
                "stop { signal = INT, timeout = 1m }",
                "reload-signal = USR2",
                "ready { timeout = 5m, delay = 9s }",
                "autostart = false",
        };
        for (String change : policyChanges) {
            ServiceConfig changed = load(change);
            assertThat(changed).as(change).isNotEqualTo(base);
            assertThat(changed.processDefinition()).as(change).isEqualTo(base.processDefinition());
            assertThat(changed.sameProcessAs(base)).as(change).isTrue();
        }
        ServiceConfig moved = load("\n\n# the block moved down\n", "");
        assertThat(moved.origin()).isEqualTo(new Origin("pdsupd.conf", 4));
        assertThat(moved).isNotEqualTo(base);
        assertThat(moved.sameProcessAs(base)).isTrue();
    }

    @Test
    void processChangesNeedARestart() throws Exception {
        ServiceConfig base = load("");
        new Fixture(tmp).write("other.env", "X=1\n");
        String[] processChanges = {
                "command = [/bin/sh, -c, \"exec sleep 101\"]",
                "directory = /tmp",
                "environment.X = 1",
                "environment-file = other.env",
                "clear-environment = true",
                "type = forking, pidfile = /tmp/web.pid",
                "persist = true",
                "user = nobody",
                "group = daemon",
                "umask = \"077\"",
                "nice = 10",
                "rlimits.nofile = 100",
                "setsid = false",
                "output.stdout = null, output.combine = false",
                "output.max-size = 1MiB",
                "inherit-fds = [4]",
                "ready.fd = 5",
                "ready.mode = started",
        };
        for (String change : processChanges) {
            ServiceConfig changed = load(change);
            assertThat(changed.processDefinition()).as(change).isNotEqualTo(base.processDefinition());
            assertThat(changed.sameProcessAs(base)).as(change).isFalse();
        }
    }

    @Test
    void anotherServiceIsNeverTheSame() throws Exception {
        Fixture f = new Fixture(tmp);
        PdsupConfig c = f.load("services { a { " + BASE + " }, b { " + BASE + " } }\n");
        assertThat(c.services().get("a").processDefinition()).isEqualTo(c.services().get("b").processDefinition());
        assertThat(c.services().get("a").sameProcessAs(c.services().get("b"))).isFalse();
        assertThat(c.services().get("a").sameProcessAs(null)).isFalse();
    }
}
