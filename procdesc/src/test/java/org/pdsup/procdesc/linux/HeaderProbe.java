package org.pdsup.procdesc.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnSpec;

/**
 * Runs {@code src/test/c/layout-probe.c}, compiled against this machine's headers, and returns its
 * "name value" lines: the ground truth the pinned constants and layouts are compared with.
 */
final class HeaderProbe {
    private HeaderProbe() {}

    private static Map<String, Long> values;

    static synchronized Map<String, Long> values() throws Exception {
        if (values != null) return values;
        Path out = Files.createTempFile("layout-probe", ".txt");
        try {
            SpawnSpec spec = SpawnSpec.builder(List.of(TestSupport.testLibexec().resolve("layout-probe")
                            .toAbsolutePath().toString()))
                    .stdin(Redirect.devNull()).stdout(Redirect.file(out, false)).stderr(Redirect.devNull()).build();
            try (ProcessDescriptor pd = LinuxProcessDescriptors.withMode(SpawnMode.DIRECT).spawn(spec)) {
                if (pd.waitFor().code() != 0) throw new IllegalStateException("layout-probe failed");
            }
            Map<String, Long> m = new HashMap<>();
            for (String line : Files.readAllLines(out)) {
                int sp = line.lastIndexOf(' ');
                m.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
            }
            values = Map.copyOf(m);
            return values;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static long get(String name) throws Exception {
        Long v = values().get(name);
        if (v == null) throw new AssertionError("layout-probe printed no " + name);
        return v;
    }
}
