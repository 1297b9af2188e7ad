package org.pdsup.procdesc.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.ProcessReplacement;
import org.pdsup.procdesc.SpawnSpec;

/**
 * Run by {@link ProcessReplacementTest} under libexec/pdsup-jvm (main on the first thread): spawns a child that
 * gets the parent-death signal, then replaces itself with a shell that reports, into {@code args[0]}, whether
 * the child survived the exec, whether the kept pidfd and pipe are open and name the child, and whether the
 * descriptor not kept was closed. A refusal or a failed exec is written there instead.
 */
public final class ReplaceProbe {
    private ReplaceProbe() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        ProcessDescriptors pds = ProcessDescriptors.system();
        pds.resetChildSignal();
        pds.becomeSubreaper();
        String refusal = pds.replaceProcessRefusal();
        if (refusal != null) {
            Files.writeString(out, "refused: " + refusal + "\n");
            return;
        }
        ProcessDescriptor child = pds.spawn(SpawnSpec.builder(List.of("/bin/sleep", "1000")).build());
        Pipe kept = pds.pipe();
        Pipe dropped = pds.pipe();
        String script = "c=" + child.pid() + "; k=" + child.fd() + "; p=" + kept.readFd() + "; d=" + dropped.readFd()
                + "; { kill -0 $c && echo child-alive;"
                + " grep -q \"^Pid:[[:space:]]*$c\\$\" /proc/self/fdinfo/$k && echo pidfd-kept;"
                + " [ -e /proc/self/fd/$p ] && echo pipe-kept;"
                + " [ -e /proc/self/fd/$d ] || echo other-closed;"
                + " kill $c; } > " + out;
        TreeSet<Integer> keep = new TreeSet<>(List.of(child.fd(), kept.readFd()));
        try {
            ProcessReplacement.replace(List.of("/bin/sh", "-c", script), Map.of("PATH", "/usr/bin:/bin"), keep);
        } catch (RuntimeException e) {
            Files.writeString(out, "failed: " + e.getMessage() + "\n");
        }
    }
}
