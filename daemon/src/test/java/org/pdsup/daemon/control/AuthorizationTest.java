package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.Accounts;
import org.pdsup.protocol.ExitCodes;
import org.slf4j.LoggerFactory;

/**
 * A second uid: pdctl run as {@code nobody} (through setpriv) against a socket anyone may open (mode 0666),
 * so only the peer-credential check decides. Needs root; skipped otherwise.
 */
@Timeout(300)
class AuthorizationTest {
    @TempDir
    Path dir;
    NobodyClient nobody;
    ServerFixture fx;
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger authLog = (Logger) LoggerFactory.getLogger(AuthorizationHandler.class);
    Logger admissionLog = (Logger) LoggerFactory.getLogger(ConnectionLimiter.class);

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(NobodyClient.possible(), "not running as root with /usr/bin/setpriv: cannot run a client as nobody");
        nobody = new NobodyClient(dir);
        log.start();
        authLog.addAppender(log);
        admissionLog.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        if (fx != null) fx.close();
        authLog.detachAppender(log);
        admissionLog.detachAppender(log);
    }

    private void start(Set<String> adminUsers, Set<String> adminGroups, Set<String> readerUsers, Set<String> readerGroups,
                       int mode) throws Exception {
        ControlServerSettings s = ServerFixture.settings(dir).withSocketFile(mode, null, null)
                .withRoles(adminUsers, adminGroups, readerUsers, readerGroups);
        fx = ServerFixture.start(dir, s);
    }

    /** Issue 15 defect 5: a peer with no role is told why and closed at once; it holds no slot. */
    @Test
    void aUserWithNoRoleIsRefusedAtConnectAndTheRefusalIsLogged() throws Exception {
        start(Set.of("alice"), Set.of("wheel"), Set.of(), Set.of("operator"), 0666);
        NobodyClient.Result r = nobody.pdctl("-s", fx.socket.toString(), "status");
        assertThat(r.exit()).as(r.stderr()).isEqualTo(ExitCodes.FORBIDDEN);
        assertThat(r.stderr()).contains("pdctl: user nobody is neither an admin nor a reader of this pdsupd");
        assertThat(r.stdout()).isEmpty();
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(l -> l.contains("refused a connection from user nobody"));
        assertThat(fx.metrics.requests).contains("connect:forbidden").doesNotContain("hello:forbidden");
        assertThat(fx.server.connections()).isZero();
    }

    @Test
    void aReaderMayQueryButNotChangeState() throws Exception {
        start(Set.of(), Set.of(), Set.of("nobody"), Set.of(), 0666);
        NobodyClient.Result status = nobody.pdctl("-s", fx.socket.toString(), "status");
        assertThat(status.exit()).as(status.stderr()).isZero();
        assertThat(status.stdout()).startsWith("NAME").contains("worker-2");
        NobodyClient.Result stop = nobody.pdctl("-s", fx.socket.toString(), "stop", "web");
        assertThat(stop.exit()).isEqualTo(ExitCodes.FORBIDDEN);
        assertThat(stop.stderr()).contains("user nobody is a reader; 'stop' needs an admin");
        assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage))
                .anyMatch(l -> l.contains("refused 'stop'") && l.contains("user nobody") && l.contains("reader"));
        assertThat(fx.backend.snapshot().services().get("web").state().wireName()).isEqualTo("stopped");
    }

    @Test
    void readerByPrimaryGroup() throws Exception {
        start(Set.of(), Set.of(), Set.of(), Set.of("nogroup"), 0666);
        NobodyClient.Result version = nobody.pdctl("-s", fx.socket.toString(), "--json", "version");
        assertThat(version.exit()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("{\"ok\":true,\"version\":\"pdsupd 0.1.0-test");
    }

    @Test
    void anAdminUserMayChangeState() throws Exception {
        start(Set.of("nobody"), Set.of(), Set.of(), Set.of(), 0666);
        NobodyClient.Result start = nobody.pdctl("-s", fx.socket.toString(), "start", "web");
        assertThat(start.exit()).as(start.stderr()).isZero();
        assertThat(fx.backend.snapshot().services().get("web").state().wireName()).isEqualTo("running");
    }

    @Test
    void theSocketModeKeepsOthersOutBeforeAnyCredentialCheck() throws Exception {
        start(Set.of(), Set.of(), Set.of("nobody"), Set.of(), 0660);
        NobodyClient.Result r = nobody.pdctl("-s", fx.socket.toString(), "status");
        assertThat(r.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.stderr()).isEqualTo("pdctl: cannot connect to " + fx.socket
                + ": permission denied (are you in the readers group?)\n");
    }

    @Test
    void groupMembershipComesFromTheUserDatabase() throws Exception {
        Accounts accounts;
        try {
            accounts = Accounts.system();
            accounts.groupByName("nogroup");
        } catch (RuntimeException e) {
            accounts = null;
        }
        assumeTrue(accounts != null, "no user database backend (procdesc Accounts) on this platform");
        ControlServerSettings s = ServerFixture.settings(dir).withSocketFile(0666, null, null)
                .withRoles(Set.of(), Set.of(), Set.of(), Set.of("nogroup"));
        // the client runs with group "daemon"; only the user database says nobody belongs to nogroup
        fx = new ServerFixture(s, new TestBackend("web", "db", "worker-1", "worker-2"), accounts);
        NobodyClient.Result r = nobody.pdctlWithGroup("daemon", "-s", fx.socket.toString(), "status");
        assertThat(r.exit()).as(r.stderr()).isZero();
        fx.close();
        fx = new ServerFixture(s, new TestBackend("web"), null);
        NobodyClient.Result without = nobody.pdctlWithGroup("daemon", "-s", fx.socket.toString(), "status");
        assertThat(without.exit()).as("without the user database only the process's group counts").isEqualTo(ExitCodes.FORBIDDEN);
    }
}
