package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.ProcessDescriptorException;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.ProcessReplacement;

/**
 * Live re-exec's procdesc part on a real kernel: an exec from the first thread (libexec/pdsup-jvm) keeps a child
 * that has a parent-death signal, keeps exactly the descriptors asked for, and the pidfd still names the child;
 * from any other thread (this JVM's test thread under java(1)) it is refused, and a failed execve leaves the kept
 * descriptors close-on-exec as they were.
 */
class ProcessReplacementTest {
    @TempDir
    Path tmp;

    @Test
    void anExecFromTheFirstThreadKeepsTheChildAndExactlyTheKeptDescriptors() throws Exception {
        Path out = tmp.resolve("probe.out");
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("pdsup.jvm.launcher"), libjvm.toString(),
                "-Djava.class.path=" + System.getProperty("java.class.path"),
                "-Dpdsup.exec.helper=" + System.getProperty("pdsup.exec.helper"),
                "--", ReplaceProbe.class.getName(), out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("probe.log").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(out)).as(Files.readString(tmp.resolve("probe.log")))
                .isEqualTo("child-alive\npidfd-kept\npipe-kept\nother-closed\n");
    }

    @Test
    void anyOtherThreadIsRefusedWithTheReason() {
        assertThat(ProcessDescriptors.system().replaceProcessRefusal())
                .contains("not the process's first thread").contains("parent-death signal");
    }

    @Test
    void aFailedExecRestoresCloseOnExecOnTheKeptDescriptors() {
        var pipe = ProcessDescriptors.system().pipe();
        try {
            assertThat(ProcessReplacement.closeOnExec(pipe.readFd())).isTrue();
            assertThatThrownBy(() -> ProcessReplacement.replace(List.of(tmp.resolve("no-such-program").toString()),
                    Map.of(), new TreeSet<>(List.of(pipe.readFd()))))
                    .isInstanceOf(ProcessDescriptorException.class).hasMessageContaining("execve(")
                    .hasMessageContaining("No such file or directory");
            assertThat(ProcessReplacement.closeOnExec(pipe.readFd())).isTrue();
        } finally {
            org.pdsup.procdesc.Fds.close(pipe.readFd());
            org.pdsup.procdesc.Fds.close(pipe.writeFd());
        }
    }
}
