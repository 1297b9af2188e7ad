package org.pdsup.procdesc;

import java.util.Locale;

/**
 * Chooses the backend by operating system: Linux -> {@code org.pdsup.procdesc.linux}, FreeBSD ->
 * {@code org.pdsup.procdesc.freebsd} (loaded by name, so this package has no compile dependency on it), any
 * other system -> {@link UnsupportedPlatformException} naming it. Each choice is made once and cached.
 */
final class Backends {
    private Backends() {}

    private static final String LINUX_PDS = "org.pdsup.procdesc.linux.LinuxProcessDescriptors";
    private static final String LINUX_ACCOUNTS = "org.pdsup.procdesc.linux.LinuxAccounts";
    private static final String LINUX_CONSTANTS = "org.pdsup.procdesc.linux.LinuxConstants";
    private static final String FREEBSD_PDS = "org.pdsup.procdesc.freebsd.FreeBsdProcessDescriptors";
    private static final String FREEBSD_ACCOUNTS = "org.pdsup.procdesc.freebsd.FreeBsdAccounts";
    private static final String FREEBSD_CONSTANTS = "org.pdsup.procdesc.freebsd.FreeBsdConstants";

    private enum Os { LINUX, FREEBSD }

    private static Os os() {
        return os(System.getProperty("os.name", ""));
    }

    private static Os os(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("linux")) return Os.LINUX;
        if (lower.equals("freebsd")) return Os.FREEBSD;
        throw new UnsupportedPlatformException("process descriptors are not available on " + name
                + " (os.name): pdsup supports FreeBSD and Linux");
    }

    private static ProcessDescriptors pds;
    private static Accounts accounts;
    private static volatile FdConstants fdConstants;

    /** Cached after the first success; a failure is thrown again on every call (never cached as an Error). */
    static synchronized ProcessDescriptors system() {
        if (pds == null) pds = instantiate(os() == Os.LINUX ? LINUX_PDS : FREEBSD_PDS, ProcessDescriptors.class);
        return pds;
    }

    static synchronized Accounts accounts() {
        if (accounts == null) {
            accounts = instantiate(os() == Os.LINUX ? LINUX_ACCOUNTS : FREEBSD_ACCOUNTS, Accounts.class);
        }
        return accounts;
    }

    static FdConstants fdConstants() {
        FdConstants c = fdConstants;
        if (c != null) return c;
        synchronized (Backends.class) {
            if (fdConstants == null) fdConstants = constants(os() == Os.LINUX ? LINUX_CONSTANTS : FREEBSD_CONSTANTS);
            return fdConstants;
        }
    }

    /** A fresh (uncached) backend for {@code osName}; tests use it to check the choice for other systems. */
    static ProcessDescriptors load(String osName) {
        return instantiate(os(osName) == Os.LINUX ? LINUX_PDS : FREEBSD_PDS, ProcessDescriptors.class);
    }

    private static <T> T instantiate(String className, Class<T> type) {
        try {
            return type.cast(Class.forName(className).getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UnsupportedPlatformException("cannot load the " + System.getProperty("os.name")
                    + " backend " + className + ": " + e);
        }
    }

    /** Calls {@code public static FdConstants fdConstants()} on the OS's constants class. */
    private static FdConstants constants(String className) {
        try {
            return (FdConstants) Class.forName(className).getMethod("fdConstants").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new UnsupportedPlatformException("cannot load descriptor constants " + className
                    + ".fdConstants(): " + e);
        }
    }

    /**
     * Calls {@code public static T factory()} on the constants class of the system called {@code osName}
     * ({@code linuxClass} or {@code freebsdClass}, loaded by name); another system gets an
     * {@link UnsupportedPlatformException} saying that {@code what} is not available there.
     */
    static <T> T constants(String osName, String what, String linuxClass, String freebsdClass, String factory,
                           Class<T> type) {
        String lower = osName.toLowerCase(Locale.ROOT);
        String className;
        if (lower.equals("linux")) {
            className = linuxClass;
        } else if (lower.equals("freebsd")) {
            className = freebsdClass;
        } else {
            throw new UnsupportedPlatformException(what + " are not available on " + osName
                    + " (os.name): pdsup supports FreeBSD and Linux");
        }
        try {
            return type.cast(Class.forName(className).getMethod(factory).invoke(null));
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new UnsupportedPlatformException("cannot load socket constants " + className + "." + factory
                    + "(): " + e);
        }
    }
}
