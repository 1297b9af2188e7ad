package org.pdsup.procdesc.linux;

/** prctl(PR_SET_CHILD_SUBREAPER, 1), done once per JVM (linux/prctl.h; platform-facts 2.4). */
final class Subreaper {
    private Subreaper() {}

    private static volatile boolean done;

    static void ensure() {
        if (done) return;
        synchronized (Subreaper.class) {
            if (done) return;
            if (Linux.libc().prctl(LinuxConstants.PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L) != 0) {
                throw Linux.failure("prctl(PR_SET_CHILD_SUBREAPER)", Linux.errno());
            }
            done = true;
        }
    }
}
