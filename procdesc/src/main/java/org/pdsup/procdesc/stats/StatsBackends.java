package org.pdsup.procdesc.stats;

import org.pdsup.procdesc.UnsupportedPlatformException;

/** Chooses the {@link ProcessStats} backend by operating system name and keeps one instance of each. */
final class StatsBackends {
    private StatsBackends() {}

    private static final class Linux {
        static final ProcessStats INSTANCE = LinuxProcessStats.create();
    }

    private static final class FreeBsd {
        static final ProcessStats INSTANCE = FreeBsdProcessStats.create();
    }

    /** {@code osName} is the lower-case {@code os.name}. */
    static ProcessStats forOs(String osName) {
        if (osName.startsWith("linux")) return Linux.INSTANCE;
        if (osName.startsWith("freebsd")) return FreeBsd.INSTANCE;
        throw new UnsupportedPlatformException("process statistics: no backend for " + osName
                + " (supported: FreeBSD, Linux)");
    }
}
