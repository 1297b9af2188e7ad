package org.pdsup.procdesc.stats;

/**
 * What a process uses at the moment it is sampled.
 *
 * @param residentBytes    resident set size in bytes (pages in memory times the page size)
 * @param userCpuSeconds   CPU time spent in user mode since the process started, all threads together
 * @param systemCpuSeconds CPU time spent in the kernel on its behalf since it started
 */
public record ProcessSample(long residentBytes, double userCpuSeconds, double systemCpuSeconds) {

    public ProcessSample {
        if (residentBytes < 0) throw new IllegalArgumentException("residentBytes < 0: " + residentBytes);
        if (!(userCpuSeconds >= 0)) throw new IllegalArgumentException("userCpuSeconds: " + userCpuSeconds);
        if (!(systemCpuSeconds >= 0)) throw new IllegalArgumentException("systemCpuSeconds: " + systemCpuSeconds);
    }
}
