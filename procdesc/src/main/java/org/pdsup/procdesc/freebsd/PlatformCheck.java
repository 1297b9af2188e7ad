package org.pdsup.procdesc.freebsd;

import java.util.Locale;
import java.util.Set;

import org.pdsup.procdesc.UnsupportedPlatformException;

/** Refuses, with a message saying why, to run the FreeBSD backend anywhere but FreeBSD on amd64 or arm64. */
final class PlatformCheck {
    private PlatformCheck() {}

    private static final Set<String> LP64_ARCHES = Set.of("amd64", "x86_64", "aarch64", "arm64");

    /**
     * @throws UnsupportedPlatformException on any other operating system or architecture
     */
    static void requireFreeBsd(String osName, String osArch) {
        String os = osName == null ? "" : osName;
        if (!os.toLowerCase(Locale.ROOT).equals("freebsd")) {
            throw new UnsupportedPlatformException("the FreeBSD process-descriptor backend runs only on FreeBSD, not on "
                    + (os.isEmpty() ? "an unnamed system" : os) + " (os.name); use ProcessDescriptors.system() to get "
                    + "the backend of this system");
        }
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        if (!LP64_ARCHES.contains(arch)) {
            throw new UnsupportedPlatformException("the FreeBSD backend knows the struct layouts of amd64 and arm64 only, "
                    + "not of " + osArch + " (os.arch)");
        }
    }
}
