package org.pdsup.procdesc;

/** Chooses the backend by operating system. Placeholder until the backends land; see procdesc/README. */
final class Backends {
    private Backends() {}

    static ProcessDescriptors system() {
        throw new UnsupportedPlatformException("no procdesc backend for " + System.getProperty("os.name"));
    }

    static Accounts accounts() {
        throw new UnsupportedPlatformException("no accounts backend for " + System.getProperty("os.name"));
    }
}
