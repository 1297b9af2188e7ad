package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

/** {@code --print-config}: the effective configuration as HOCON, which loads back into the same model. */
class RenderTest {
    @TempDir
    Path tmp;

    @Test
    void renderedConfigurationLoadsBackIntoTheSameModel() throws Exception {
        Fixture f = new Fixture(tmp);
        f.write("conf.d/web.conf", """
                services."web.frontend" {
                  command = [/bin/sh, -c, "exec sleep 100"]
                  environment { A = 1, HOME = null, "dotted.name" = x }
                  environment-file = app.env
                  restart = on-failure
                  success-exit-codes = [0, 2]
                  backoff { initial = 1500ms, max = 2h, multiplier = 1.5, jitter = 0.25 }
                  stop { signal = INT, mode = group }
                  ready { mode = tcp, host = "::1", port = 8080 }
                  user = nobody
                  umask = "007"
                  nice = -3
                  rlimits { nofile = 1024, core = infinity, as = 1GiB, cpu = 90s }
                  output { stdout = null, stderr = syslog, combine = false, max-size = 0 }
                  inherit-fds = [5]
                  start-limit.cool-down = 90s
                  sockets = [ { listen = "tcp:[::1]:8081", name = http, backlog = 64 },
                              { listen = "unix:/run/web.sock", mode = "0660", owner = nobody, group = "0" } ]
                  requires = [db]
                }
                """);
        f.write("app.env", "FROM_FILE=yes\n");
        PdsupConfig original = f.load("""
                pdsupd {
                  include-dir = conf.d
                  state-dir = /srv/state
                  control { mode = "0600", owner = nobody, admins.users = [nobody] }
                  metrics.listen = "[::1]:9100"
                  output.timestamps = true
                }
                services {
                  db {
                    command = [/bin/true]
                    type = forking
                    pidfile = /run/db.pid
                    clear-environment = true
                    environment.ONLY = this
                    group = daemon
                    setsid = false
                  }
                }
                """);
        String text = ConfigLoader.render(original, Fixture.ENV);
        assertThat(text).doesNotContain("#").contains("state-dir=\"/srv/state\"").contains("\"web.frontend\"");

        Fixture again = new Fixture(tmp.resolve("again"));
        PdsupConfig reloaded = again.load(text);
        DaemonSettings d = original.daemon();
        assertThat(reloaded.daemon()).isEqualTo(new DaemonSettings(d.stateDir(), d.logDir(), null, d.control(),
                d.metrics(), d.outputDefaults(), d.eventRingSize(), d.shutdownTimeout()));
        assertThat(withoutOrigins(reloaded.services())).isEqualTo(withoutOrigins(original.services()));
    }

    @Test
    void renderingATypesafeConfigLeavesCommentsOut() {
        String text = ConfigLoader.render(ConfigFactory.parseString("# comment\na { b = 1 }"));
        assertThat(text).isEqualTo("a {\n    b=1\n}\n");
    }

    private static Map<String, ServiceConfig> withoutOrigins(Map<String, ServiceConfig> services) {
        Map<String, ServiceConfig> out = new LinkedHashMap<>();
        services.forEach((k, s) -> out.put(k, new ServiceConfig(s.name(), s.command(), s.directory(),
                s.environment(), s.environmentFile(), s.clearEnvironment(), s.type(), s.pidfile(), s.restart(),
                s.successExitCodes(), s.backoff(), s.startLimit(), s.stop(), s.reloadSignal(), s.ready(),
                s.health(), s.requires(), s.autostart(), s.persist(), s.credentials(), s.output(), s.inheritFds(),
                s.sockets(), null)));
        return out;
    }
}
