package org.pdsup.procdesc.freebsd;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.SpawnException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exec helper's status line "E <errno> <stage> <detail>" with FreeBSD errno numbers. */
class HelperStatusTest {

    @Test
    void eofWithoutALineMeansSuccess() {
        assertThat(HelperStatus.parse("")).isEmpty();
        assertThat(HelperStatus.parse(null)).isEmpty();
    }

    @Test
    void execFailureNamesThePath() {
        HelperStatus s = HelperStatus.parse("E 2 exec /usr/local/bin/missing\n").orElseThrow();
        assertThat(s).isEqualTo(new HelperStatus(2, "exec", "/usr/local/bin/missing"));
        SpawnException e = s.toException("/usr/local/bin/missing");
        assertThat(e.getMessage()).isEqualTo("cannot execute /usr/local/bin/missing: No such file or directory (ENOENT, errno 2)");
        assertThat(e.errno()).isEqualTo(2);
        assertThat(e.stage()).isEqualTo("exec");
        assertThat(e.transientFailure()).isFalse();
    }

    @Test
    void freeBsdNumbersAreUsed() {
        SpawnException fork = HelperStatus.parse("E 35 fork -").orElseThrow().toException("/bin/svc");
        assertThat(fork.getMessage()).contains("cannot fork for /bin/svc").contains("EAGAIN, errno 35");
        assertThat(fork.transientFailure()).as("EAGAIN (35) is the process limit").isTrue();
        SpawnException setuid = HelperStatus.parse("E 1 setuid 1001").orElseThrow().toException("/bin/svc");
        assertThat(setuid.getMessage()).isEqualTo("cannot switch /bin/svc to user id 1001: Operation not permitted (EPERM, errno 1)");
        SpawnException limit = HelperStatus.parse("E 22 rlimit nofile").orElseThrow().toException("/bin/svc");
        assertThat(limit.stage()).isEqualTo("rlimit nofile");
        SpawnException cap = HelperStatus.parse("E 93 exec /bin/svc").orElseThrow().toException("/bin/svc");
        assertThat(cap.getMessage()).contains("Capabilities insufficient (ENOTCAPABLE, errno 93)");
    }

    @Test
    void detailMayContainSpaces() {
        assertThat(HelperStatus.parse("E 2 exec /opt/My App/bin/x").orElseThrow().detail()).isEqualTo("/opt/My App/bin/x");
    }

    @Test
    void unreadableLinesAreRejected() {
        assertThatThrownBy(() -> HelperStatus.parse("hello")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable status line");
        assertThatThrownBy(() -> HelperStatus.parse("E x exec /a")).hasMessageContaining("no errno");
    }
}
