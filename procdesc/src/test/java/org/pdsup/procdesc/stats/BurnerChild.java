package org.pdsup.procdesc.stats;

import java.lang.management.ManagementFactory;

/**
 * A child process for {@link LinuxProcessStatsTest}: touches {@code args[0]} MiB, burns at least
 * {@code args[1]} ms of CPU in its main thread (measured by the thread's own CPU clock), prints
 * {@code ready <thread cpu ns>} and then waits until its stdin closes.
 */
public final class BurnerChild {
    private BurnerChild() {}

    static volatile byte[] keep;
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        int mib = Integer.parseInt(args[0]);
        long burnNanos = Long.parseLong(args[1]) * 1_000_000L;
        byte[] block = new byte[mib << 20];
        for (int i = 0; i < block.length; i += 4096) block[i] = 1;    // touch every page
        keep = block;
        var threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - start < burnNanos) {
            for (int i = 0; i < 100_000; i++) x = x * 31 + i;
        }
        sink = x;
        System.out.println("ready " + (threads.getCurrentThreadCpuTime() - start));
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for EOF
        }
    }
}
