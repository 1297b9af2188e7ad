package org.pdsup.procdesc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Descriptor helpers on real pipes and files. */
class FdsTest {

    @TempDir
    Path tmp;

    @Test
    void nonBlockingReadReportsEmptyDataAndEof() {
        Pipe p = ProcessDescriptors.system().pipe();
        Fds.setNonBlocking(p.readFd());
        Fds.setNonBlocking(p.readFd()); // twice is fine
        byte[] buf = new byte[8];
        assertThat(Fds.read(p.readFd(), buf, 0, 8)).isZero(); // EAGAIN
        assertThat(Fds.write(p.writeFd(), "xhello".getBytes(), 1, 5)).isEqualTo(5);
        assertThat(Fds.read(p.readFd(), buf, 2, 6)).isEqualTo(5);
        assertThat(new String(buf, 2, 5)).isEqualTo("hello");
        Fds.close(p.writeFd());
        assertThat(Fds.read(p.readFd(), buf, 0, 8)).isEqualTo(-1);
        Fds.close(p.readFd());
    }

    @Test
    void pipesAreCloseOnExec() throws Exception {
        Pipe p = ProcessDescriptors.system().pipe();
        try {
            String fdinfo = Files.readString(Path.of("/proc/self/fdinfo/" + p.readFd()));
            long flags = Long.parseLong(fdinfo.lines().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow()
                    .substring(6).trim(), 8);
            assertThat(flags & 02000000).isNotZero();
        } finally {
            Fds.close(p.readFd());
            Fds.close(p.writeFd());
        }
    }

    @Test
    void openFileTruncatesOrAppends() throws Exception {
        Path f = tmp.resolve("log");
        int fd = Fds.openFile(f, false);
        Fds.write(fd, "first\n".getBytes(), 0, 6);
        Fds.close(fd);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isIn("rw-r--r--", "rw-------",
                "rw-r-----"); // 0644 less the umask
        fd = Fds.openFile(f, true);
        Fds.write(fd, "second\n".getBytes(), 0, 7);
        Fds.close(fd);
        assertThat(Files.readString(f)).isEqualTo("first\nsecond\n");
        fd = Fds.openFile(f, false);
        Fds.close(fd);
        assertThat(Files.readString(f)).isEmpty();
    }

    @Test
    void errorsNameTheCallAndPath() {
        assertThatThrownBy(() -> Fds.openFile(Path.of("/no/such/dir/log"), true))
                .isInstanceOf(ProcessDescriptorException.class)
                .hasMessage("cannot open /no/such/dir/log for writing: No such file or directory");
        assertThatThrownBy(() -> Fds.close(99999))
                .isInstanceOf(ProcessDescriptorException.class)
                .hasMessageStartingWith("close(99999) failed: Bad file descriptor");
        assertThatThrownBy(() -> Fds.read(99999, new byte[1], 0, 1))
                .isInstanceOf(ProcessDescriptorException.class)
                .satisfies(e -> assertThat(((ProcessDescriptorException) e).errno()).isEqualTo(9));
    }
}
