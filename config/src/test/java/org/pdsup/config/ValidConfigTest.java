package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.Accounts;
import org.pdsup.procdesc.Signal;

/** Valid configurations: every key read into the model, and the defaults of every key left out. */
class ValidConfigTest {
    @TempDir
    Path tmp;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
    }

    @Test
    void aMinimalServiceGetsEveryDefault() throws Exception {
        PdsupConfig c = f.load("services.web.command = [/bin/sh, -c, \"exec sleep 1\"]\n");
        DaemonSettings d = c.daemon();
        assertThat(d.stateDir()).isEqualTo(Path.of("/var/lib/pdsupd"));
        assertThat(d.logDir()).isEqualTo(Path.of("/var/log/pdsupd"));
        assertThat(d.includeDir()).isNull();
        assertThat(d.eventRingSize()).isEqualTo(1000);
        assertThat(d.shutdownTimeout()).isEqualTo(Duration.ofSeconds(60));
        // built-in names that this system does not have match nobody and are left out (Debian has no wheel)
        Accounts accounts = Fixture.accounts();
        Set<String> wheel = accounts.groupByName("wheel").isPresent() ? Set.of("wheel") : Set.of();
        Set<String> operator = accounts.groupByName("operator").isPresent() ? Set.of("operator") : Set.of();
        assertThat(d.control()).isEqualTo(new ControlSettings(Path.of("/var/run/pdsupd.sock"), 0660, null, null,
                Set.of("root"), wheel, Set.of(), operator, 65536, 256, Duration.ofHours(1), 1024));
        assertThat(d.metrics()).isEqualTo(new MetricsSettings(true, "127.0.0.1", 9772));
        OutputConfig defaultOutput = new OutputConfig(OutputTarget.FILE, OutputTarget.FILE, true, 10L << 20, 5,
                false, "daemon", 16 << 10, 1L << 20);
        assertThat(d.outputDefaults()).isEqualTo(defaultOutput);
        assertThat(c.sourceFiles()).containsExactly(tmp.resolve("pdsupd.conf"));

        ServiceConfig web = c.services().get("web");
        assertThat(web).isEqualTo(new ServiceConfig("web", List.of("/bin/sh", "-c", "exec sleep 1"), null,
                Fixture.ENV, null, false, ServiceType.SIMPLE, null, RestartPolicy.ALWAYS, Set.of(0),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 2.0, 0.1, Duration.ofSeconds(60)),
                new StartLimit(5, Duration.ofSeconds(60)),
                new StopSettings(Signal.TERM, Duration.ofSeconds(10), StopMode.PROCESS), Signal.HUP,
                new Readiness(ReadyMode.STARTED, Duration.ofSeconds(1), 3, "127.0.0.1", 0, Duration.ofSeconds(30)),
                List.of(), true, false, new Credentials(null, null, null, null, null, null, null, Map.of(), true),
                defaultOutput, List.of(), List.of(), new Origin("pdsupd.conf", 1), web.origins()));
        assertThat(web.origin().toString()).isEqualTo("pdsupd.conf:1");
        assertThat(web.origins().describe("command")).isEqualTo("pdsupd.conf:1");
        assertThat(web.origins().describe("restart")).isEqualTo("default");
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Accounts accounts = Fixture.accounts();
        Accounts.User nobody = accounts.userByName("nobody").orElseThrow();
        int daemonGid = accounts.groupByName("daemon").orElseThrow().gid();
        int staffGid = accounts.groupByName("staff").orElseThrow().gid();
        f.write("web.env", "# comment\n\nFROM_FILE=file value\nexport QUOTED=\"a b\"\nSHARED=from file\n");
        PdsupConfig c = f.load("""
                pdsupd {
                  state-dir = /srv/pdsupd/state
                  log-dir = /srv/pdsupd/log
                  event-ring = 50
                  shutdown-timeout = 2m
                  control {
                    socket = /srv/pdsupd/ctl.sock
                    mode = "0600"
                    owner = nobody
                    group = daemon
                    admins { users = [root, nobody], groups = [daemon] }
                    readers { users = [nobody], groups = [staff, daemon] }
                    max-frame-size = 128KiB
                    max-connections = 16
                    idle-timeout = 30m
                    stream-buffer = 64
                    admin-reserved-connections = 4
                    max-connections-per-user = 3
                    frame-timeout = 2500ms
                    connection-buffer = 512KiB
                    total-buffer = 8MiB
                  }
                  metrics { enabled = false, listen = "[::1]:9100" }
                  output {
                    stdout = syslog
                    stderr = syslog
                    combine = false
                    max-size = 1MiB
                    keep = 2
                    timestamps = true
                    syslog-facility = local3
                    max-line = 4KiB
                    buffer = 64KiB
                  }
                }
                services.web {
                  command = [/bin/sh, -c, "exec sleep 100"]
                  directory = /tmp
                  environment { INLINE = yes, SHARED = inline wins, HOME = null, NUMBER = 42 }
                  environment-file = web.env
                  clear-environment = false
                  type = simple
                  restart = on-failure
                  success-exit-codes = [0, 3, 143]
                  backoff { initial = 250ms, max = 1m, multiplier = 1.5, jitter = 0.0, reset-after = 5m }
                  start-limit { burst = 3, interval = 10s }
                  stop { signal = SIGINT, timeout = 3s, mode = group }
                  reload-signal = usr1
                  ready { mode = tcp, delay = 2s, fd = 5, host = localhost, port = 8080, timeout = 1m }
                  autostart = false
                  persist = true
                  user = nobody
                  group = daemon
                  groups = [staff, daemon]
                  umask = "027"
                  nice = 5
                  rlimits { nofile = 4096, nproc = infinity, core = 0, as = 2GiB, data = unlimited, stack = 8MiB,
                            fsize = 1000000, cpu = 1h, memlock = 64KiB }
                  setsid = true
                  inherit-fds = [3, 4]
                  output { stdout = file, stderr = null, max-size = 0 }
                }
                services.job {
                  command = [/bin/true]
                  type = oneshot
                  restart = never
                  requires = [web]
                  clear-environment = true
                  environment { ONLY = this }
                  ready { mode = notify-fd, fd = 7 }
                  user = nobody
                }
                services.fork {
                  command = [/bin/sh, -c, "sleep 100 & echo $! > /tmp/fork.pid"]
                  type = forking
                  pidfile = /tmp/fork.pid
                  ready { mode = delay, delay = 500ms }
                  user = 0
                  group = 0
                  setsid = false
                }
                """);
        DaemonSettings d = c.daemon();
        assertThat(d).isEqualTo(new DaemonSettings(Path.of("/srv/pdsupd/state"), Path.of("/srv/pdsupd/log"), null,
                new ControlSettings(Path.of("/srv/pdsupd/ctl.sock"), 0600, "nobody", "daemon",
                        Set.of("root", "nobody"), Set.of("daemon"), Set.of("nobody"), Set.of("staff", "daemon"),
                        128 << 10, 16, Duration.ofMinutes(30), 64,
                        new ControlLimits(4, 3, Duration.ofMillis(2500), 512 << 10, 8 << 20)),
                new MetricsSettings(false, "::1", 9100),
                new OutputConfig(OutputTarget.SYSLOG, OutputTarget.SYSLOG, false, 1 << 20, 2, true, "local3",
                        4096, 64 << 10),
                50, Duration.ofMinutes(2)));

        ServiceConfig web = c.services().get("web");
        assertThat(web.command()).containsExactly("/bin/sh", "-c", "exec sleep 100");
        assertThat(web.directory()).isEqualTo(Path.of("/tmp"));
        assertThat(web.environmentFile()).isEqualTo(tmp.resolve("web.env"));
        assertThat(web.clearEnvironment()).isFalse();
        assertThat(web.environment()).isEqualTo(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8",
                "FROM_FILE", "file value", "QUOTED", "a b", "SHARED", "inline wins", "INLINE", "yes", "NUMBER", "42"));
        assertThat(web.type()).isEqualTo(ServiceType.SIMPLE);
        assertThat(web.pidfile()).isNull();
        assertThat(web.restart()).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(web.successExitCodes()).containsExactly(0, 3, 143);
        assertThat(web.backoff()).isEqualTo(new Backoff(Duration.ofMillis(250), Duration.ofMinutes(1), 1.5, 0.0,
                Duration.ofMinutes(5)));
        assertThat(web.startLimit()).isEqualTo(new StartLimit(3, Duration.ofSeconds(10)));
        assertThat(web.stop()).isEqualTo(new StopSettings(Signal.INT, Duration.ofSeconds(3), StopMode.GROUP));
        assertThat(web.reloadSignal()).isEqualTo(Signal.USR1);
        assertThat(web.ready()).isEqualTo(new Readiness(ReadyMode.TCP, Duration.ofSeconds(2), 5, "localhost", 8080,
                Duration.ofMinutes(1)));
        assertThat(web.requires()).isEmpty();
        assertThat(web.autostart()).isFalse();
        assertThat(web.persist()).isTrue();
        assertThat(web.credentials()).isEqualTo(new Credentials("nobody", nobody.uid(), "daemon", daemonGid,
                List.of(staffGid, daemonGid), 027, 5,
                Map.of("nofile", 4096L, "nproc", Long.MAX_VALUE, "core", 0L, "as", 2L << 30, "data", Long.MAX_VALUE,
                        "stack", 8L << 20, "fsize", 1_000_000L, "cpu", 3600L, "memlock", 64L << 10),
                true));
        assertThat(web.credentials().rlimits().keySet()).containsExactlyElementsOf(Credentials.RLIMIT_NAMES);
        assertThat(web.inheritFds()).containsExactly(3, 4);
        assertThat(web.output()).isEqualTo(new OutputConfig(OutputTarget.FILE, OutputTarget.NULL, false, 0, 2, true,
                "local3", 4096, 64 << 10));
        assertThat(web.origin()).isEqualTo(new Origin("pdsupd.conf", 36));

        ServiceConfig job = c.services().get("job");
        assertThat(job.type()).isEqualTo(ServiceType.ONESHOT);
        assertThat(job.restart()).isEqualTo(RestartPolicy.NEVER);
        assertThat(job.requires()).containsExactly("web");
        assertThat(job.environment()).isEqualTo(Map.of("ONLY", "this"));
        assertThat(job.ready().mode()).isEqualTo(ReadyMode.NOTIFY_FD);
        assertThat(job.ready().fd()).isEqualTo(7);
        assertThat(job.credentials().uid()).isEqualTo(nobody.uid());
        assertThat(job.credentials().gid()).isEqualTo(nobody.gid());
        assertThat(job.credentials().group())
                .isEqualTo(accounts.groupById(nobody.gid()).map(Accounts.Group::name).orElse(null));
        assertThat(job.credentials().groupIds()).isEqualTo(accounts.groupIdsOf("nobody", nobody.gid()));

        ServiceConfig fork = c.services().get("fork");
        assertThat(fork.type()).isEqualTo(ServiceType.FORKING);
        assertThat(fork.pidfile()).isEqualTo(Path.of("/tmp/fork.pid"));
        assertThat(fork.ready().mode()).isEqualTo(ReadyMode.DELAY);
        assertThat(fork.ready().delay()).isEqualTo(Duration.ofMillis(500));
        assertThat(fork.credentials().user()).isEqualTo("root");
        assertThat(fork.credentials().uid()).isZero();
        assertThat(fork.credentials().gid()).isZero();
        assertThat(fork.credentials().setsid()).isFalse();

        assertThat(c.services().keySet()).containsExactly("web", "job", "fork");
    }

    @Test
    void zeroIsADurationWithoutAUnit() throws Exception {
        PdsupConfig c = f.load("""
                services { fast { command = [/bin/true], backoff { initial = 0 }, ready { mode = delay, delay = 0 } } }
                """);
        assertThat(c.services().get("fast").backoff().initial()).isZero();
        assertThat(c.services().get("fast").ready().delay()).isZero();
    }

    @Test
    void serviceDefaultsMergeUnderEachService() throws Exception {
        PdsupConfig c = f.load("""
                pdsupd {
                  output { keep = 9, timestamps = true }
                  service-defaults {
                    restart = on-failure
                    backoff { max = 5s, multiplier = 3 }
                    environment { SITE = blue, TIER = default }
                    output { keep = 1, syslog-facility = local0 }
                    rlimits.nofile = 1024
                  }
                }
                services {
                  a {
                    command = [/bin/true]
                    backoff.initial = 1s
                    environment.TIER = a
                    output.keep = 7
                  }
                  b {
                    command = [/bin/true]
                    restart = always
                    rlimits { nofile = null, core = 0 }
                  }
                }
                """);
        ServiceConfig a = c.services().get("a");
        ServiceConfig b = c.services().get("b");
        assertThat(a.restart()).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(b.restart()).isEqualTo(RestartPolicy.ALWAYS);
        assertThat(a.backoff()).isEqualTo(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 3.0, 0.1,
                Duration.ofSeconds(60)));
        assertThat(b.backoff().initial()).isEqualTo(Duration.ofMillis(100));
        assertThat(a.environment()).containsEntry("SITE", "blue").containsEntry("TIER", "a");
        assertThat(b.environment()).containsEntry("SITE", "blue").containsEntry("TIER", "default");
        assertThat(a.output().keep()).isEqualTo(7);
        assertThat(b.output().keep()).isEqualTo(1);
        assertThat(a.output().timestamps()).isTrue();
        assertThat(a.output().syslogFacility()).isEqualTo("local0");
        assertThat(c.daemon().outputDefaults().keep()).isEqualTo(9);
        assertThat(a.credentials().rlimits()).isEqualTo(Map.of("nofile", 1024L));
        assertThat(b.credentials().rlimits()).isEqualTo(Map.of("core", 0L));
    }

    @Test
    void servicesWithTheSameEnvironmentShareOneImmutableCopy() throws Exception {
        PdsupConfig c = f.load("""
                services {
                  a { command = [/bin/true] }
                  b { command = [/bin/true] }
                  c { command = [/bin/true], environment { EXTRA = 1 } }
                }
                """);
        Map<String, String> a = c.services().get("a").environment();
        assertThat(c.services().get("b").environment()).isSameAs(a);
        assertThat(c.services().get("c").environment()).isNotSameAs(a).containsEntry("EXTRA", "1");
        assertThat(a).isEqualTo(Fixture.ENV);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.put("X", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.entrySet().iterator().next().setValue("y"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.keySet().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void servicesWithTheSameSettingsShareThemAndEachDifferentOneIsItsOwn() throws Exception {
        PdsupConfig c = f.load("""
                services {
                  a { command = [/bin/true, "-v"] }
                  b { command = [/bin/true, "-v"] }
                  c { command = [/bin/true, "-w"], backoff.initial = 3s, stop.timeout = 9s, success-exit-codes = [3, 1, 2] }
                }
                """);
        ServiceConfig a = c.services().get("a");
        ServiceConfig b = c.services().get("b");
        ServiceConfig other = c.services().get("c");
        assertThat(b.command().get(0)).isSameAs(a.command().get(0)).isSameAs(other.command().get(0));
        assertThat(b.command().get(1)).isSameAs(a.command().get(1));
        assertThat(other.command()).containsExactly("/bin/true", "-w");
        assertThat(b.backoff()).isSameAs(a.backoff());
        assertThat(b.startLimit()).isSameAs(a.startLimit());
        assertThat(b.stop()).isSameAs(a.stop());
        assertThat(b.ready()).isSameAs(a.ready());
        assertThat(b.health()).isSameAs(a.health());
        assertThat(b.credentials()).isSameAs(a.credentials());
        assertThat(b.output()).isEqualTo(a.output());
        assertThat(b.credentials().rlimits()).isSameAs(a.credentials().rlimits()).isEmpty();
        assertThat(other.backoff()).isNotSameAs(a.backoff()).isNotEqualTo(a.backoff());
        assertThat(other.backoff().initial()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(other.stop().timeout()).isEqualTo(java.time.Duration.ofSeconds(9));
        assertThat(other.startLimit()).isSameAs(a.startLimit());
        // in the order written, immutable, of one element as of several
        assertThat(a.successExitCodes()).containsExactly(0);
        assertThat(other.successExitCodes()).containsExactly(3, 1, 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.successExitCodes().add(1))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.successExitCodes().add(4))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void includeDirFilesMergeInSortedOrderAfterTheMainFile() throws Exception {
        f.write("conf.d/20-db.conf", "services.db {\n  command = [/bin/true]\n}\npdsupd.event-ring = 20\n");
        f.write("conf.d/10-web.conf", "services {\n  web { command = [/bin/true], requires = [db, main] }\n}\n"
                + "pdsupd.event-ring = 10\npdsupd.log-dir = /srv/log\n");
        f.write("conf.d/.hidden.conf", "this is not { valid");
        f.write("conf.d/notes.txt", "not a conf file {");
        PdsupConfig c = f.load("""
                pdsupd {
                  include-dir = conf.d
                  event-ring = 1
                }
                services.zzz-main { command = [/bin/true] }
                services.main { command = [/bin/true] }
                """);
        assertThat(c.daemon().includeDir()).isEqualTo(tmp.resolve("conf.d"));
        assertThat(c.daemon().eventRingSize()).isEqualTo(20);
        assertThat(c.daemon().logDir()).isEqualTo(Path.of("/srv/log"));
        assertThat(c.services().keySet()).containsExactly("zzz-main", "main", "web", "db");
        assertThat(c.services().get("web").origin()).isEqualTo(new Origin("conf.d/10-web.conf", 2));
        assertThat(c.services().get("web").requires()).containsExactly("db", "main");
        assertThat(c.sourceFiles()).containsExactly(tmp.resolve("pdsupd.conf"), tmp.resolve("conf.d/10-web.conf"),
                tmp.resolve("conf.d/20-db.conf"));
    }

    @Test
    void absoluteIncludeDirAndAnEmptyOne() throws Exception {
        Path dir = f.write("elsewhere/x/a.conf", "services.a.command = [/bin/true]\n").getParent();
        PdsupConfig c = f.load("pdsupd.include-dir = \"" + dir + "\"\n");
        assertThat(c.services().keySet()).containsExactly("a");
        f.write("empty.d/README", "");
        assertThat(f.load("pdsupd.include-dir = empty.d\n").services()).isEmpty();
    }

    @Test
    void numericIdsWithoutAccountEntries() throws Exception {
        PdsupConfig c = f.load("""
                services.a {
                  command = [/bin/true]
                  user = 64123
                  group = 64124
                }
                """);
        Credentials cr = c.services().get("a").credentials();
        assertThat(cr.user()).isNull();
        assertThat(cr.uid()).isEqualTo(64123);
        assertThat(cr.group()).isNull();
        assertThat(cr.gid()).isEqualTo(64124);
        assertThat(cr.groupIds()).containsExactly(64124);
    }

    @Test
    void emptyGroupsClearSupplementaryGroups() throws Exception {
        PdsupConfig c = f.load("services.a { command = [/bin/true], user = nobody, groups = [] }\n");
        assertThat(c.services().get("a").credentials().groupIds()).isEmpty();
    }

    @Test
    void groupWithoutUserLeavesSupplementaryGroupsAlone() throws Exception {
        PdsupConfig c = f.load("services.a { command = [/bin/true], group = daemon }\n");
        Credentials cr = c.services().get("a").credentials();
        assertThat(cr.uid()).isNull();
        assertThat(cr.gid()).isEqualTo(Fixture.accounts().groupByName("daemon").orElseThrow().gid());
        assertThat(cr.groupIds()).isNull();
    }

    @Test
    void stateDirDefaultDependsOnTheSystem() throws Exception {
        f.write("pdsupd.conf", "services.a.command = [/bin/true]\n");
        PdsupConfig freebsd = new ConfigLoader(Fixture.accounts(), Fixture.ENV, "FreeBSD")
                .load(tmp.resolve("pdsupd.conf"));
        assertThat(freebsd.daemon().stateDir()).isEqualTo(Path.of("/var/db/pdsupd"));
        PdsupConfig linux = new ConfigLoader(Fixture.accounts(), Fixture.ENV, "Linux").load(tmp.resolve("pdsupd.conf"));
        assertThat(linux.daemon().stateDir()).isEqualTo(Path.of("/var/lib/pdsupd"));
        assertThat(PlatformDefaults.configFile("FreeBSD")).isEqualTo(Path.of("/usr/local/etc/pdsupd/pdsupd.conf"));
        assertThat(PlatformDefaults.configFile("Linux")).isEqualTo(Path.of("/etc/pdsupd/pdsupd.conf"));
        assertThat(ConfigLoader.defaultConfigFile()).isEqualTo(Path.of("/etc/pdsupd/pdsupd.conf"));
    }

    @Test
    void anEmptyFileIsAValidConfigurationWithoutServices() throws Exception {
        PdsupConfig c = f.load("");
        assertThat(c.services()).isEmpty();
        assertThat(c.daemon().control().socket()).isEqualTo(Path.of("/var/run/pdsupd.sock"));
    }

    @Test
    void theModelIsImmutable() throws Exception {
        PdsupConfig c = f.load("services.a { command = [/bin/true], environment.A = b }\n");
        ServiceConfig a = c.services().get("a");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.services().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.environment().put("X", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.command().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.daemon().control().adminUsers().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
