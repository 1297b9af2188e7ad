package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken configurations, each with the exact messages an operator sees, file and line included. Every file is
 * written into a fresh temporary directory; the main file is always {@code pdsupd.conf}.
 */
class BrokenConfigTest {
    @TempDir
    Path tmp;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
    }

    /** One broken configuration and every message it must give, in order. */
    static Arguments broken(String what, String config, String... errors) {
        return Arguments.of(what, config, List.of(errors));
    }

    /** The configurations that need nothing but the main file. */
    static Stream<Arguments> mainFileOnly() {
        return Stream.of(
                broken("syntax error keeps typesafes file and line", """
                services {
                  web {
                    command = [/bin/sh
                  }
                }
                """,
                        "pdsupd.conf:4: List should have had new element after a comma, instead had token: '}' (if you"
                                + " want the comma or '}' to be part of a string value, then double-quote it)"),
                broken("unknown key in a service suggests the closest key", """
                services {
                  web {
                    command = [/bin/sh]
                    restrat = always
                    envirnoment { A = b }
                    frobnicate = true
                  }
                }
                """,
                        "pdsupd.conf:4: services.web.restrat: unknown key (did you mean \"restart\"?)",
                        "pdsupd.conf:5: services.web.envirnoment: unknown key (did you mean \"environment\"?)",
                        "pdsupd.conf:6: services.web.frobnicate: unknown key"),
                broken("wrong types", """
                services {
                  web {
                    command = "/bin/sh -c true"
                    autostart = maybe
                    backoff = 5
                    success-exit-codes = [0, two]
                  }
                }
                """,
                        "pdsupd.conf:3: services.web.command: expected a list of strings, got string \"/bin/sh -c true\"",
                        "pdsupd.conf:4: services.web.autostart: expected a boolean (true or false), got string \"maybe\"",
                        "pdsupd.conf:5: services.web.backoff: expected an object { ... }, got number 5",
                        "pdsupd.conf:6: services.web.success-exit-codes[1]: expected an integer, got string \"two\""),
                broken("bad durations", """
                pdsupd.shutdown-timeout = 0s
                services.web {
                  command = [/bin/sh]
                  stop.timeout = "10 parsecs"
                  ready.timeout = 30
                  backoff.reset-after = -5s
                }
                """,
                        "pdsupd.conf:1: pdsupd.shutdown-timeout: must be longer than zero, got 0s",
                        "pdsupd.conf:4: services.web.stop.timeout: invalid duration \"10 parsecs\" (expected a number and a"
                                + " unit such as 500ms, 10s, 5m or 1h)",
                        "pdsupd.conf:5: services.web.ready.timeout: a duration needs a unit, e.g. 30s or 30ms",
                        "pdsupd.conf:6: services.web.backoff.reset-after: must be longer than zero, got -5s"),
                broken("bad sizes", """
                pdsupd {
                  output.max-size = "ten megs"
                  control.max-frame-size = 100
                  output.max-line = 2GiB
                }
                """,
                        "pdsupd.conf:2: pdsupd.output.max-size: invalid size \"ten megs\" (expected bytes, or a number and a"
                                + " unit such as 64KiB, 10MiB or 1GiB)",
                        "pdsupd.conf:3: pdsupd.control.max-frame-size: must be between 1KiB and 16MiB, got 100",
                        "pdsupd.conf:4: pdsupd.output.max-line: must be between 64 and 16MiB, got 2GiB"),
                broken("bad overflow settings", """
                pdsupd.output.overflow = wait
                services.web {
                  command = [/bin/sh]
                  output.max-stall = 2h
                }
                services.db {
                  command = [/bin/sh]
                  output.max-stall = 0
                }
                """,
                        "pdsupd.conf:1: pdsupd.output.overflow: unknown value \"wait\" (expected block or drop)",
                        "pdsupd.conf:4: services.web.output.max-stall: must be at most 1h, got 2h",
                        "pdsupd.conf:8: services.db.output.max-stall: must be longer than zero, got 0"),
                broken("unknown enum values list the allowed ones", """
                services.web {
                  command = [/bin/sh]
                  restart = sometimes
                  type = onshot
                  ready.mode = notify
                  output.stdout = journal
                }
                """,
                        "pdsupd.conf:3: services.web.restart: unknown value \"sometimes\" (expected always, on-failure or never)",
                        "pdsupd.conf:4: services.web.type: unknown value \"onshot\" (did you mean \"oneshot\"? expected simple,"
                                + " oneshot or forking)",
                        "pdsupd.conf:5: services.web.ready.mode: unknown value \"notify\" (expected started, delay, notify-fd,"
                                + " tcp or exec)",
                        "pdsupd.conf:6: services.web.output.stdout: unknown value \"journal\" (expected file, syslog, inherit"
                                + " or null)"),
                broken("unknown signals", """
                services.web {
                  command = [/bin/sh]
                  stop.signal = SIGTREM
                  reload-signal = 1
                }
                services.db {
                  command = [/bin/sh]
                  reload-signal = RELOAD
                }
                """,
                        "pdsupd.conf:3: services.web.stop.signal: unknown signal \"SIGTREM\" (did you mean TERM?)",
                        "pdsupd.conf:4: services.web.reload-signal: expected a signal name such as TERM, got number 1",
                        "pdsupd.conf:8: services.db.reload-signal: unknown signal \"RELOAD\" (expected a name such as TERM,"
                                + " INT, HUP, USR1 or KILL; numbers are not portable)"),
                broken("unknown users and groups", """
                pdsupd.control {
                  owner = no-such-owner
                  admins.users = [root, no-such-admin]
                  readers.groups = [no-such-readers]
                }
                services.web {
                  command = [/bin/sh]
                  user = no-such-user
                  group = no-such-group
                  groups = [daemon, no-such-extra]
                }
                """,
                        "pdsupd.conf:2: pdsupd.control.owner: unknown user \"no-such-owner\"",
                        "pdsupd.conf:3: pdsupd.control.admins.users[1]: unknown user \"no-such-admin\"",
                        "pdsupd.conf:4: pdsupd.control.readers.groups[0]: unknown group \"no-such-readers\"",
                        "pdsupd.conf:8: services.web.user: unknown user \"no-such-user\"",
                        "pdsupd.conf:9: services.web.group: unknown group \"no-such-group\"",
                        "pdsupd.conf:10: services.web.groups[1]: unknown group \"no-such-extra\""),
                broken("numeric user without account needs a group", """
                services.web {
                  command = [/bin/sh]
                  user = 64123
                }
                """,
                        "pdsupd.conf:3: services.web.user: user 64123 has no entry in the account"
                        + " database, so its group is unknown: set group as well"),
                broken("relative command", "services.web.command = [sh, -c, true]\n",
                        "pdsupd.conf:1: services.web.command: the program \"sh\" is not an absolute path"),
                broken("missing command binary", "services.web.command = [/nonexistent/bin/app]\nservices.db.command = [/bin/nope]\n",
                        "pdsupd.conf:1: services.web.command: no such file: /nonexistent/bin/app"
                                        + " (no directory /nonexistent/bin)",
                                "pdsupd.conf:2: services.db.command: no such file: /bin/nope"),
                broken("empty and missing commands", """
                services {
                  web.command = []
                  db {
                    restart = never
                  }
                }
                """,
                        "pdsupd.conf:2: services.web.command: must not be empty (the first element is the program to run)",
                        "pdsupd.conf:3: services.db.command: missing (every service needs a command, e.g. command ="
                                + " [\"/usr/local/bin/app\", \"--flag\"])"),
                broken("persist cannot apply to oneshot or forking", """
                services.job {
                  command = [/bin/sh]
                  type = oneshot
                  persist = true
                }
                services.daemon {
                  command = [/bin/sh]
                  type = forking
                  pidfile = /run/d.pid
                  persist = true
                }
                """,
                        "pdsupd.conf:4: services.job.persist: persist = true cannot apply to type = oneshot (a oneshot runs"
                                + " to completion and is not kept running)",
                        "pdsupd.conf:10: services.daemon.persist: persist = true cannot apply to type = forking (its daemon is"
                                + " found through the pidfile and is never the process pdsupd holds a descriptor for)"),
                broken("forking and pidfile go together", """
                services.a {
                  command = [/bin/sh]
                  type = forking
                }
                services.b {
                  command = [/bin/sh]
                  pidfile = /run/b.pid
                }
                """,
                        "pdsupd.conf:3: services.a.type: type = forking needs a pidfile (the daemon's PID is read from it)",
                        "pdsupd.conf:7: services.b.pidfile: pidfile is only used with type = forking (type is simple)"),
                broken("tcp readiness needs a port in range", """
                services.a {
                  command = [/bin/sh]
                  ready.mode = tcp
                }
                services.b {
                  command = [/bin/sh]
                  ready { mode = tcp, port = 70000 }
                }
                """,
                        "pdsupd.conf:3: services.a.ready.mode: ready.mode = tcp needs ready.port",
                        "pdsupd.conf:7: services.b.ready.port: must be between 1 and 65535, got 70000"),
                broken("notify fd must be a descriptor of its own", """
                services.a {
                  command = [/bin/sh]
                  ready { mode = notify-fd, fd = 2 }
                }
                services.b {
                  command = [/bin/sh]
                  ready.mode = notify-fd
                  ready.fd = 4
                  inherit-fds = [4, 5]
                }
                """,
                        "pdsupd.conf:3: services.a.ready.fd: ready.mode = notify-fd needs a descriptor of 3 or more (0, 1"
                                + " and 2 are stdin, stdout and stderr), got 2",
                        "pdsupd.conf:8: services.b.ready.fd: descriptor 4 is also in inherit-fds (the readiness descriptor"
                                + " must be a descriptor of its own)"),
                broken("group stop needs a session", """
                services.a {
                  command = [/bin/sh]
                  stop.mode = group
                  setsid = false
                }
                """,
                        "pdsupd.conf:4: services.a.setsid: stop.mode = group needs setsid = true (the"
                        + " service must lead its own process group)"),
                broken("groups need a user", """
                services.a {
                  command = [/bin/sh]
                  groups = [daemon]
                }
                """,
                        "pdsupd.conf:3: services.a.groups: groups needs user (supplementary groups"
                        + " belong to the user the service runs as)"),
                broken("combined output needs one target", """
                pdsupd.output.stderr = syslog
                services.a {
                  command = [/bin/sh]
                  output { stdout = null, combine = true }
                }
                """,
                        "pdsupd.conf:1: pdsupd.output.combine: combine = true sends both streams to one place, but stdout ="
                                + " file and stderr = syslog (set combine = false, or the same target for both)",
                        "pdsupd.conf:4: services.a.output.combine: combine = true sends both streams to one place, but stdout ="
                                + " null and stderr = syslog (set combine = false, or the same target for both)"),
                broken("output buffer must hold a line", """
                services.a {
                  command = [/bin/sh]
                  output.buffer = 8KiB
                  output.syslog-facility = lcoal3
                }
                """,
                        "pdsupd.conf:3: services.a.output.buffer: must hold at least one line of max-line (16KiB), got 8KiB",
                        "pdsupd.conf:4: services.a.output.syslog-facility: unknown facility \"lcoal3\" (did you mean"
                                + " \"local3\"? expected one of kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron,"
                                + " authpriv, ftp, local0, local1, local2, local3, local4, local5, local6, local7, security,"
                                + " console, ntp)"),
                broken("backoff rules", """
                services.a {
                  command = [/bin/sh]
                  backoff { initial = 1m, max = 30s, multiplier = 0.5, jitter = 1.5 }
                }
                """,
                        "pdsupd.conf:3: services.a.backoff.multiplier: must be between 1.0 and 1000.0, got 0.5",
                        "pdsupd.conf:3: services.a.backoff.jitter: must be between 0.0 and 1.0, got 1.5",
                        "pdsupd.conf:3: services.a.backoff.initial: initial (1m) is longer than max (30s)"),
                broken("start limit burst must be positive", """
                services.a {
                  command = [/bin/sh]
                  start-limit.burst = 0
                }
                """,
                        "pdsupd.conf:3: services.a.start-limit.burst: must be between 1 and 1000000, got 0"),
                broken("umask and nice ranges", """
                services.a {
                  command = [/bin/sh]
                  umask = "1000"
                  nice = 25
                }
                services.b {
                  command = [/bin/sh]
                  umask = 022
                  nice = -21
                }
                """,
                        "pdsupd.conf:3: services.a.umask: must be an octal mode between 0 and 777, got \"1000\"",
                        "pdsupd.conf:4: services.a.nice: must be between -20 and 19, got 25",
                        "pdsupd.conf:8: services.b.umask: write the octal mode as a quoted string, e.g. \"022\" (an unquoted"
                                + " number loses its leading zero)",
                        "pdsupd.conf:9: services.b.nice: must be between -20 and 19, got -21"),
                broken("requires an unknown service", """
                services {
                  db { command = [/bin/sh] }
                  web {
                    command = [/bin/sh]
                    requires = [dbb, cache]
                  }
                }
                """,
                        "pdsupd.conf:5: services.web.requires: unknown service \"dbb\" (did you mean \"db\"?)",
                        "pdsupd.conf:5: services.web.requires: unknown service \"cache\""),
                broken("dependency cycles are named", """
                services {
                  web { command = [/bin/sh], requires = [db] }
                  db { command = [/bin/sh], requires = [cache] }
                  cache { command = [/bin/sh], requires = [web] }
                  solo { command = [/bin/sh], requires = [solo] }
                }
                """,
                        "pdsupd.conf:2: services.web.requires: dependency cycle: web -> db -> cache -> web",
                        "pdsupd.conf:5: services.solo.requires: dependency cycle: solo -> solo"),
                broken("after: unknown names, a name twice, cycles through after and requires", """
                services {
                  web { command = [/bin/sh], after = [dbb] }
                  db { command = [/bin/sh], requires = [cache] }
                  cache { command = [/bin/sh], after = [db, db] }
                  queue { command = [/bin/sh], after = [worker] }
                  worker { command = [/bin/sh], requires = [queue] }
                  self { command = [/bin/sh], after = [self] }
                }
                """,
                        "pdsupd.conf:2: services.web.after: unknown service \"dbb\" (did you mean \"db\"?)",
                        "pdsupd.conf:3: services.db.requires: dependency cycle: db -> cache -> db (through after)",
                        "pdsupd.conf:4: services.cache.after: \"db\" is listed twice",
                        "pdsupd.conf:5: services.queue.after: dependency cycle: queue -> worker -> queue (through after)",
                        "pdsupd.conf:7: services.self.after: dependency cycle: self -> self (through after)"),
                broken("unsafe service names", """
                services {
                  "web/1" { command = [/bin/sh] }
                  ".." { command = [/bin/sh] }
                  "-x" { command = [/bin/sh] }
                }
                """,
                        "pdsupd.conf:2: services.\"web/1\": invalid service name \"web/1\" (1 to 64 letters, digits, '_',"
                                + " '.' or '-', starting with a letter or digit: it names files and metric labels)",
                        "pdsupd.conf:3: services.\"..\": invalid service name \"..\" (1 to 64 letters, digits, '_',"
                                + " '.' or '-', starting with a letter or digit: it names files and metric labels)",
                        "pdsupd.conf:4: services.-x: invalid service name \"-x\" (1 to 64 letters, digits, '_',"
                                + " '.' or '-', starting with a letter or digit: it names files and metric labels)"),
                broken("unresolved substitution", """
                pdsupd {
                  state-dir = ${base}/state
                }
                """,
                        "pdsupd.conf:2: Could not resolve substitution to a value: ${base}"),
                broken("environment values must be strings", """
                services.web {
                  command = [/bin/sh]
                  environment {
                    JAVA.OPTS = "-Xmx1g"
                    LIST = [a, b]
                  }
                }
                """,
                        "pdsupd.conf:4: services.web.environment.JAVA: expected a string, got an object (quote a name that"
                                + " contains a dot: \"JAVA.…\" = value)",
                        "pdsupd.conf:5: services.web.environment.LIST: expected a string, got a list"),
                broken("descriptor lists and exit codes", """
                services.web {
                  command = [/bin/sh]
                  inherit-fds = [1, 4]
                  success-exit-codes = [0, 256]
                }
                services.db {
                  command = [/bin/sh]
                  inherit-fds = [4, 4]
                  requires = [web, web]
                }
                """,
                        "pdsupd.conf:3: services.web.inherit-fds[0]: must be between 3 and 65535, got 1",
                        "pdsupd.conf:4: services.web.success-exit-codes[1]: must be between 0 and 255, got 256",
                        "pdsupd.conf:8: services.db.inherit-fds: lists a descriptor twice",
                        "pdsupd.conf:9: services.db.requires: \"web\" is listed twice"),
                broken("null where a value is needed", """
                services.web {
                  command = [/bin/sh]
                  restart = null
                }
                """,
                        "pdsupd.conf:3: services.web.restart: must be set (null is not allowed here)"),
                broken("a bad default is reported once where it is written", """
                pdsupd.service-defaults {
                  restart = sometimes
                  stop.timeout = forever
                }
                services {
                  a { command = [/bin/sh] }
                  b { command = [/bin/sh] }
                }
                """,
                        "pdsupd.conf:2: pdsupd.service-defaults.restart: unknown value \"sometimes\" (expected always,"
                                + " on-failure or never)",
                        "pdsupd.conf:3: pdsupd.service-defaults.stop.timeout: invalid duration \"forever\" (expected a number"
                                + " and a unit such as 500ms, 10s, 5m or 1h)"),
                broken("a conflict caused by a default is reported at each service it breaks", """
                pdsupd.service-defaults.type = forking
                services {
                  a { command = [/bin/sh], pidfile = /run/a.pid }
                  b { command = [/bin/sh] }
                }
                """,
                        "pdsupd.conf:4: services.b.type: type = forking needs a pidfile (the daemon's PID is read from it)"),
                broken("rlimit values", """
                services.web {
                  command = [/bin/sh]
                  rlimits { nofile = lots, core = "1 GB-ish", cpu = "5 fortnights", nproc = -1 }
                }
                """,
                        "pdsupd.conf:3: services.web.rlimits.nofile: expected a number or infinity, got string \"lots\"",
                        "pdsupd.conf:3: services.web.rlimits.nproc: must be a whole number of at least 0 or infinity, got -1",
                        "pdsupd.conf:3: services.web.rlimits.core: invalid size \"1 GB-ish\" (expected bytes, or a number and"
                                + " a unit such as 64KiB, 10MiB or 1GiB)",
                        "pdsupd.conf:3: services.web.rlimits.cpu: invalid duration \"5 fortnights\" (expected a number and a"
                                + " unit such as 500ms, 10s, 5m or 1h)"),
                broken("relative paths and missing directory", """
                pdsupd.log-dir = log
                services.web {
                  command = [/bin/sh]
                  directory = /nonexistent/dir
                  pidfile = run/web.pid
                  type = forking
                }
                """,
                        "pdsupd.conf:1: pdsupd.log-dir: \"log\" is not an absolute path",
                        "pdsupd.conf:4: services.web.directory: no such directory: /nonexistent/dir",
                        "pdsupd.conf:5: services.web.pidfile: \"run/web.pid\" is not an absolute path"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mainFileOnly")
    void eachBrokenConfigurationGivesExactlyItsMessages(String what, String config, List<String> errors) {
        assertThat(f.errors(config)).as(what).containsExactlyElementsOf(errors);
    }

    @Test
    void syntaxErrorsOfEveryIncludedFileAreReportedTogether() {
        f.write("services.d/a.conf", "services { a { command = [/bin/sh] }\n");
        f.write("services.d/b.conf", "services {\n  b = = 1\n}\n");
        assertThat(f.errors("pdsupd.include-dir = services.d\n")).containsExactly(
                "services.d/a.conf:2: expecting a close parentheses ')' here, not: end of file",
                "services.d/b.conf:2: Expecting a value but got wrong token: '=' (if you intended '=' to be part of"
                        + " a key or string value, try enclosing the key or value in double quotes, or you may be able"
                        + " to rename the file .properties rather than .conf)");
    }

    @Test
    void missingMainFile() {
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> Fixture.loader().load(tmp.resolve("nope.conf")));
        assertThat(e.getMessage()).isEqualTo(tmp.resolve("nope.conf")
                + ": cannot read the configuration file: no such file: " + tmp.resolve("nope.conf"));
    }

    @Test
    void unknownKeysAtTheTopAndInDaemonBlocks() {
        assertThat(f.errors("""
                service { web { command = [/bin/sh] } }
                pdsupd {
                  control { socet = /tmp/x.sock }
                  output { max-lines = 1KiB }
                  service-defaults { output { timestamp = true }, rlimits { nofiles = 10 } }
                }
                """)).containsExactly(
                "pdsupd.conf:1: service: unknown key (did you mean \"services\"?)",
                "pdsupd.conf:3: pdsupd.control.socet: unknown key (did you mean \"socket\"?)",
                "pdsupd.conf:4: pdsupd.output.max-lines: unknown key (did you mean \"max-line\"?)",
                "pdsupd.conf:5: pdsupd.service-defaults.output.timestamp: unknown key (did you mean \"timestamps\"?)",
                "pdsupd.conf:5: pdsupd.service-defaults.rlimits.nofiles: unknown key (did you mean \"nofile\"?)");
    }

    @Test
    void nonExecutableCommand() throws Exception {
        Path script = f.write("app.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(f.errors("services.web.command = [\"" + script + "\"]\nservices.db.command = [/tmp]\n"))
                .containsExactly(
                        "pdsupd.conf:1: services.web.command: " + script + " is not executable",
                        "pdsupd.conf:2: services.db.command: /tmp is a directory, not an executable file");
    }

    @Test
    void includeDirThatCannotBeRead() {
        f.write("not-a-dir", "");
        assertThat(f.errors("pdsupd.include-dir = missing.d\n")).containsExactly(
                "pdsupd.conf:1: pdsupd.include-dir: cannot read the include directory: no such directory: "
                        + tmp.resolve("missing.d"));
        assertThat(f.errors("pdsupd.include-dir = not-a-dir\n")).containsExactly(
                "pdsupd.conf:1: pdsupd.include-dir: cannot read the include directory: " + tmp.resolve("not-a-dir")
                        + " is not a directory");
    }

    @Test
    void includeDirOnlyInTheMainFile() {
        f.write("conf.d/x.conf", "\npdsupd.include-dir = /etc\n");
        assertThat(f.errors("pdsupd.include-dir = conf.d\n")).containsExactly(
                "conf.d/x.conf:2: pdsupd.include-dir: include-dir can only be set in the main configuration file");
    }

    @Test
    void sameServiceInTwoFiles() {
        f.write("services.d/10-web.conf", "# web\n\nservices.web { command = [/bin/sh] }\n");
        f.write("services.d/20-web-again.conf", "services {\n  web {\n    restart = never\n  }\n}\n");
        assertThat(f.errors("""
                pdsupd.include-dir = services.d
                services.web.command = [/bin/true]
                """)).containsExactly(
                "services.d/10-web.conf:3: services.web: service \"web\" is already defined at pdsupd.conf:2",
                "services.d/20-web-again.conf:2: services.web: service \"web\" is already defined at pdsupd.conf:2");
    }

    @Test
    void environmentFileErrorsNameTheEnvFileAndLine() {
        f.write("env/web.env", "# web\nGOOD=1\nno equals sign here\n\n2BAD=x\nexport OK='quoted'\n");
        assertThat(f.errors("""
                services.web {
                  command = [/bin/sh]
                  environment-file = env/web.env
                }
                services.db {
                  command = [/bin/sh]
                  environment-file = /nonexistent.env
                }
                """)).containsExactly(
                "pdsupd.conf:7: services.db.environment-file: cannot read environment file: no such file:"
                        + " /nonexistent.env",
                "env/web.env:3: expected KEY=VALUE, got \"no equals sign here\"",
                "env/web.env:5: invalid variable name \"2BAD\" (letters, digits and _, not starting with a digit)");
    }

    @Test
    void metricsListenAndControlSocket() {
        String longPath = "/tmp/" + "x".repeat(100) + ".sock";
        assertThat(f.errors("pdsupd {\n  metrics.listen = \"127.0.0.1:99999\"\n  control.socket = " + longPath
                + "\n  control.mode = 660\n}\n")).containsExactly(
                "pdsupd.conf:2: pdsupd.metrics.listen: port must be between 1 and 65535, got \"99999\"",
                "pdsupd.conf:3: pdsupd.control.socket: is 110 bytes long; a Unix socket path may have at most 103"
                        + " bytes",
                "pdsupd.conf:4: pdsupd.control.mode: write the octal mode as a quoted string, e.g. \"0660\" (an"
                        + " unquoted number loses its leading zero)");
    }

    @Test
    void everyErrorOfEveryFileAtOnceInFileOrder() {
        f.write("services.d/b.conf", "services.b {\n  command = [/bin/sh]\n  nice = 40\n}\n");
        f.write("services.d/a.conf", "services.a {\n  command = [/bin/sh]\n  restart = nope\n}\n");
        assertThat(f.errors("""
                pdsupd {
                  include-dir = services.d
                  event-ring = 0
                }
                services.main.command = [bin/sh]
                """)).containsExactly(
                "pdsupd.conf:3: pdsupd.event-ring: must be between 1 and 10000000, got 0",
                "pdsupd.conf:5: services.main.command: the program \"bin/sh\" is not an absolute path",
                "services.d/a.conf:3: services.a.restart: unknown value \"nope\" (expected always, on-failure or"
                        + " never)",
                "services.d/b.conf:3: services.b.nice: must be between -20 and 19, got 40");
    }

    @Test
    void controlLimitsAreCheckedTogether() {
        assertThat(f.errors("""
                pdsupd.control {
                  connection-buffer = 4MiB
                  total-buffer = 1MiB
                  frame-timeout = 0
                  max-connections-per-user = 0
                }
                """)).containsExactly(
                "pdsupd.conf:4: pdsupd.control.frame-timeout: must be longer than zero, got 0",
                "pdsupd.conf:5: pdsupd.control.max-connections-per-user: must be between 1 and 65536, got 0");
        assertThat(f.errors("""
                pdsupd.control {
                  connection-buffer = 4MiB
                  total-buffer = 1MiB
                }
                """)).containsExactly("pdsupd.conf:3: pdsupd.control.total-buffer: is 1048576 bytes but must be at"
                + " least control.connection-buffer (4194304 bytes)");
    }
}
