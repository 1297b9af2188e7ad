import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;

import java.util.List;

import org.pdsup.procdesc.ExecOptions;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnSpec;

/**
 * The cost of one spawn on each path: a daemon with setsid (posix_spawn of the program itself, then pidfd_open)
 * against a non-daemon with setsid (the exec helper), the same program, from one thread, taking turns in rounds.
 * Prints per path the median (min-max over rounds) of wall time per spawn and of this process's CPU time per
 * spawn (user+system of all JVM threads from /proc/self/stat; the children's own CPU is not in it).
 *
 * Run by bench/spawn/run.sh (java source launch with the tarball's jars).
 */
public class SpawnPaths {
    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String program = args.length > 2 ? args[2] : "/bin/true";
        ProcessDescriptors pds = ProcessDescriptors.system();
        ExecOptions setsid = ExecOptions.NONE.withSetsid(true);
        List<double[]> direct = new ArrayList<>();
        List<double[]> helper = new ArrayList<>();
        run(pds, program, setsid, true, 50); // warm-up: class loading, C1
        run(pds, program, setsid, false, 50);
        for (int r = 0; r < rounds; r++) {
            boolean directFirst = r % 2 == 0;
            double[] a = run(pds, program, setsid, directFirst, perRound);
            double[] b = run(pds, program, setsid, !directFirst, perRound);
            (directFirst ? direct : helper).add(a);
            (directFirst ? helper : direct).add(b);
        }
        System.out.printf("%s, %d spawns per round, %d rounds, load %s%n", pds.describe(), perRound, rounds,
                new String(java.nio.file.Files.readAllBytes(Path.of("/proc/loadavg"))).trim());
        report("direct (daemon, setsid)", direct);
        report("helper (non-daemon, setsid)", helper);
    }

    /** {wall ms per spawn, CPU ms per spawn} for n spawns of program, each waited for before the next. */
    static double[] run(ProcessDescriptors pds, String program, ExecOptions opts, boolean daemon, int n)
            throws Exception {
        SpawnSpec spec = SpawnSpec.builder(List.of(program)).stdin(Redirect.devNull()).stdout(Redirect.devNull())
                .stderr(Redirect.devNull()).daemon(daemon).credentials(opts).environment(java.util.Map.of("PATH",
                        "/usr/bin:/bin")).build();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (ProcessDescriptor pd = pds.spawn(spec)) {
                pd.waitFor();
            }
        }
        long wall = System.nanoTime() - t0;
        long cpu = cpuNanos() - cpu0;
        return new double[] {wall / 1e6 / n, cpu / 1e6 / n};
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static void report(String what, List<double[]> rounds) {
        double[] wall = rounds.stream().mapToDouble(r -> r[0]).sorted().toArray();
        double[] cpu = rounds.stream().mapToDouble(r -> r[1]).sorted().toArray();
        System.out.printf("%-28s wall %.3f ms (%.3f-%.3f), JVM CPU %.3f ms (%.3f-%.3f) per spawn%n", what,
                median(wall), wall[0], wall[wall.length - 1], median(cpu), cpu[0], cpu[cpu.length - 1]);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

}
