package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verb of rc.d/pdsupd (and of the port's files/pdsupd.in, the same script with %%PREFIX%%) run by
 * /bin/sh against a stand-in for rc.subr that behaves as FreeBSD's does for what the script uses, with stand-ins
 * for daemon(8), limits(1), install(1), ps(1), pwait(1), pdsupd and pdctl that record their arguments (see
 * {@link RcStandIn} and src/test/resources/rc-subr). The assertions are the exact command lines a FreeBSD host
 * would run, and the processes and pidfiles they leave.
 */
class RcScriptVerbsTest {
    private static final String CONF = "/usr/local/etc/pdsupd/pdsupd.conf";
    private static final String CHECK = "argv: pdsupd --check-config --config " + CONF;
    private static final String DAEMON_ARGS = "-f -H -P /var/run/pdsupd/daemon.pid -p /var/run/pdsupd/pdsupd.pid"
            + " -o /var/log/pdsupd.log -t pdsupd -R 5 /usr/local/bin/pdsupd --config " + CONF;
    private static final String ENABLED = "pdsupd_enable=YES\n";

    @TempDir
    Path tmp;
    RcStandIn rc;

    @AfterEach
    void killLeftovers() throws Exception {
        if (rc != null) rc.killLeftovers();
    }

    @ParameterizedTest
    @EnumSource(RcStandIn.Source.class)
    void startChecksTheConfigurationThenRunsPdsupdUnderDaemon(RcStandIn.Source source) throws Exception {
        rc = RcStandIn.create(tmp, source, ENABLED);
        Run.Result r = rc.verb("start");
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains("Checking pdsupd configuration " + CONF + ".", "Starting pdsupd.");
        assertThat(rc.calls()).containsExactly(
                CHECK,
                "argv: install -d -o root -g wheel -m 755 /var/run/pdsupd",
                "doit: limits -C daemon /usr/sbin/daemon " + DAEMON_ARGS,
                "argv: limits -C daemon /usr/sbin/daemon " + DAEMON_ARGS,
                "argv: daemon " + DAEMON_ARGS,
                "argv: pdsupd --config " + CONF);

        long daemon = rc.pid("/var/run/pdsupd/daemon.pid").orElseThrow();
        long pdsupd = rc.pid("/var/run/pdsupd/pdsupd.pid").orElseThrow();
        assertThat(RcStandIn.running(daemon)).as("daemon(8) stand-in").isTrue();
        assertThat(RcStandIn.running(pdsupd)).as("pdsupd stand-in").isTrue();

        Run.Result again = rc.verb("start");
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("pdsupd already running? (pid=" + daemon + ").");
        assertThat(rc.calls()).containsExactly(psFor(daemon));
    }

    @ParameterizedTest
    @EnumSource(RcStandIn.Source.class)
    void statusReloadConfigtestAndStopActOnTheRunningDaemon(RcStandIn.Source source) throws Exception {
        rc = RcStandIn.create(tmp, source, ENABLED);
        assertThat(rc.verb("start").exit()).isZero();
        long daemon = rc.pid("/var/run/pdsupd/daemon.pid").orElseThrow();
        long pdsupd = rc.pid("/var/run/pdsupd/pdsupd.pid").orElseThrow();

        Run.Result status = rc.verb("status");
        assertThat(status.exit()).as(status.describe()).isZero();
        assertThat(status.out()).isEqualTo("pdsupd is running as pid " + daemon + ".\n");
        assertThat(rc.calls()).containsExactly(psFor(daemon));

        Run.Result reload = rc.verb("reload");
        assertThat(reload.exit()).as(reload.describe()).isZero();
        assertThat(rc.calls()).containsExactly(psFor(daemon), "doit: pdsupd_reload", CHECK,
                "argv: pdctl -s /var/run/pdsupd.sock reload");

        Run.Result configtest = rc.verb("configtest");
        assertThat(configtest.exit()).as(configtest.describe()).isZero();
        assertThat(rc.calls()).containsExactly(psFor(daemon), "doit: pdsupd_configtest", CHECK);

        Run.Result stop = rc.verb("stop");
        assertThat(stop.exit()).as(stop.describe()).isZero();
        assertThat(stop.out()).startsWith("Stopping pdsupd.\n");
        List<String> calls = rc.calls();
        assertThat(calls).startsWith(psFor(daemon), "doit: kill -TERM " + daemon);
        // rc.subr waits for daemon(8), then stop_postcmd for pdsupd itself: pwait only for a process still there
        assertThat(calls.subList(2, calls.size()))
                .allSatisfy(c -> assertThat(c).isIn("argv: pwait " + daemon, "argv: pwait " + pdsupd));
        assertThat(RcStandIn.running(daemon)).as("daemon(8) after stop").isFalse();
        assertThat(RcStandIn.running(pdsupd)).as("pdsupd after stop").isFalse();
        assertThat(rc.pid("/var/run/pdsupd/daemon.pid")).isEmpty();
        assertThat(rc.pid("/var/run/pdsupd/pdsupd.pid")).isEmpty();

        Run.Result after = rc.verb("status");
        assertThat(after.exit()).isNotZero();
        assertThat(after.out()).isEqualTo("pdsupd is not running.\n");
        Run.Result reloadStopped = rc.verb("reload");
        assertThat(reloadStopped.exit()).isNotZero();
        assertThat(reloadStopped.out()).contains("pdsupd not running? (check /var/run/pdsupd/daemon.pid).");
        assertThat(rc.calls()).containsExactly("doit: pdsupd_reload");
    }

    @ParameterizedTest
    @EnumSource(RcStandIn.Source.class)
    void restartStopsAndStartsAnewAndExtraCommandsAreOffered(RcStandIn.Source source) throws Exception {
        rc = RcStandIn.create(tmp, source, ENABLED);
        assertThat(rc.verb("extracommands").out()).isEqualTo("reload configtest\n");
        assertThat(rc.verb("start").exit()).isZero();
        long first = rc.pid("/var/run/pdsupd/daemon.pid").orElseThrow();

        Run.Result restart = rc.verb("restart");
        assertThat(restart.exit()).as(restart.describe()).isZero();
        long second = rc.pid("/var/run/pdsupd/daemon.pid").orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(RcStandIn.running(first)).isFalse();
        assertThat(RcStandIn.running(second)).isTrue();
        assertThat(rc.calls()).contains("doit: kill -TERM " + first,
                "doit: limits -C daemon /usr/sbin/daemon " + DAEMON_ARGS, "argv: daemon " + DAEMON_ARGS);
        assertThat(rc.verb("stop").exit()).isZero();
    }

    @ParameterizedTest
    @EnumSource(RcStandIn.Source.class)
    void aBrokenConfigurationIsNotStartedAndNothingRuns(RcStandIn.Source source) throws Exception {
        rc = RcStandIn.create(tmp, source, ENABLED);
        Run.Result r = rc.verb("start", Map.of("PDSUPD_STUB_CHECK_STATUS", "78"));
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("no such group: wheel", CONF + " is not valid; pdsupd not started.",
                "failed precmd routine for pdsupd");
        assertThat(rc.calls()).containsExactly(CHECK);
        assertThat(rc.pid("/var/run/pdsupd/daemon.pid")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RcStandIn.Source.class)
    void aDisabledServiceStartsOnlyWithOnestart(RcStandIn.Source source) throws Exception {
        rc = RcStandIn.create(tmp, source, "");
        Run.Result r = rc.verb("start");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Cannot 'start' pdsupd. Set pdsupd_enable to YES");
        assertThat(rc.calls()).isEmpty();

        Run.Result one = rc.verb("onestart");
        assertThat(one.exit()).as(one.describe()).isZero();
        assertThat(rc.calls()).contains("argv: daemon " + DAEMON_ARGS);
        assertThat(rc.verb("onestop").exit()).isZero();
    }

    @ParameterizedTest
    @EnumSource(RcStandIn.Source.class)
    void rcConfKnobsReachTheirPlaces(RcStandIn.Source source) throws Exception {
        rc = RcStandIn.create(tmp, source, """
                pdsupd_enable=YES
                pdsupd_config=/usr/local/etc/pdsupd/pdsupd.conf
                pdsupd_flags="--print-config"
                pdsupd_java_home=/usr/local/openjdk21
                pdsupd_java_opts="-Xmx64m"
                pdsupd_socket=/var/run/other.sock
                pdsupd_restart_delay=0
                """);
        String args = "-f -H -P /var/run/pdsupd/daemon.pid -p /var/run/pdsupd/pdsupd.pid -o /var/log/pdsupd.log"
                + " -t pdsupd /usr/local/bin/pdsupd --config " + CONF + " --print-config";
        String java = " [JAVA_HOME=/usr/local/openjdk21] [PDSUPD_JAVA_OPTS=-Xmx64m]";
        Run.Result r = rc.verb("start");
        assertThat(r.exit()).as(r.describe()).isZero();
        // pdsupd_flags go to pdsupd behind daemon(8)'s arguments; no -R when the delay is 0; Java for pdsupd
        assertThat(rc.calls()).containsExactly(CHECK + java,
                "argv: install -d -o root -g wheel -m 755 /var/run/pdsupd",
                "doit: limits -C daemon /usr/sbin/daemon " + args,
                "argv: limits -C daemon /usr/sbin/daemon " + args,
                "argv: daemon " + args,
                "argv: pdsupd --config " + CONF + " --print-config" + java);
        long daemon = rc.pid("/var/run/pdsupd/daemon.pid").orElseThrow();
        assertThat(rc.verb("reload").exit()).isZero();
        assertThat(rc.calls()).containsExactly(psFor(daemon), "doit: pdsupd_reload", CHECK + java,
                "argv: pdctl -s /var/run/other.sock reload [JAVA_HOME=/usr/local/openjdk21]");
        assertThat(rc.verb("stop").exit()).isZero();
    }

    private static String psFor(long pid) {
        return "argv: ps -ww -o pid= -o jid= -o command= -p " + pid;
    }
}
