package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.stats.ProcessTable;

/**
 * Live re-exec: the new program takes {@code sessions.state} over from the previous one ({@link
 * SessionState#resume}), so tracking a handed-over process (same PID and start time) keeps the recorded group
 * and session as they are, without a look-up in the process table and without appending a line; a process that
 * is not the recorded one is looked up and appended as always.
 */
class SessionResumeTest {
    @TempDir
    Path dir;

    private SessionState sessions() {
        return new SessionState(dir.resolve("state"), ProcessTable.system());
    }

    /** What the previous program left: PID 77 and 78 recorded with groups and sessions a look-up would not give. */
    private Path previousProgram() throws Exception {
        SessionState before = sessions();
        before.clear();
        before.close();
        Path f = before.file();
        Files.writeString(f, Files.readString(f) + "web 77 0 0 4000 4001\ndb 78 0 0 5000 5001\n");
        return f;
    }

    @Test
    void aHandedOverProcessIsTrackedFromTheFileWithoutALookUpOrANewLine() throws Exception {
        Path f = previousProgram();
        long size = Files.size(f);
        SessionState s = sessions();
        assertThat(s.resume()).isEqualTo(2);
        s.track("web", new FakeProcess(77)); // FakeProcess starts at the epoch, as recorded
        s.track("db", new FakeProcess(78));
        assertThat(s.entry("web")).isEqualTo(new SessionState.Entry("web", 77, Instant.EPOCH, 4000, 4001));
        assertThat(s.entry("db")).isEqualTo(new SessionState.Entry("db", 78, Instant.EPOCH, 5000, 5001));
        assertThat(Files.size(f)).as("nothing appended").isEqualTo(size);

        // another process of a service (a restart after the take-over) is looked up and appended as always
        s.track("web", new FakeProcess(Integer.MAX_VALUE - 1));
        assertThat(s.entry("web").pgid()).as("no such process: no group").isZero();
        assertThat(sessions().load()).containsExactlyInAnyOrder(
                new SessionState.Entry("web", Integer.MAX_VALUE - 1, Instant.EPOCH, 0, 0),
                new SessionState.Entry("db", 78, Instant.EPOCH, 5000, 5001));
        s.close();
    }

    @Test
    void anUntrustedFileIsNotResumedAndEveryProcessIsRecordedAgain() throws Exception {
        Path f = previousProgram();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        SessionState s = sessions();
        assertThat(s.resume()).isZero();
        s.track("web", new FakeProcess(77));
        assertThat(s.entry("web").pgid()).as("looked up, not taken from the file").isNotEqualTo(4000);
        s.close();
    }
}
