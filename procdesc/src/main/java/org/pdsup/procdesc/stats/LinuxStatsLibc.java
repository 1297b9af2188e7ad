package org.pdsup.procdesc.stats;

/**
 * The two glibc functions the Linux statistics backend needs (unistd.h).
 *
 * <p>Internal binding: public only because jnr-ffi generates its implementation in another class loader.
 */
public interface LinuxStatsLibc {

    /** {@code _SC_CLK_TCK} of glibc {@code bits/confname.h} (enum: _SC_ARG_MAX 0, _SC_CHILD_MAX 1, _SC_CLK_TCK 2). */
    int SC_CLK_TCK = 2;

    /** {@code long sysconf(int name)}. */
    long sysconf(int name);

    /** {@code int getpagesize(void)}. */
    int getpagesize();

    /** {@code int kill(pid_t pid, int sig)} (signal.h); with sig 0 and a negative pid: does the group exist. */
    int kill(int pid, int sig);
}
