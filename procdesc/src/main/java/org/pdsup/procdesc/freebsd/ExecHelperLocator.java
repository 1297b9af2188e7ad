package org.pdsup.procdesc.freebsd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the exec helper {@code pdsup-exec} is: the system property {@code pdsup.exec.helper}, else
 * {@code ${pdsup.home}/libexec/pdsup-exec}. Present only when that file is an executable regular file.
 */
public final class ExecHelperLocator {
    private ExecHelperLocator() {}

    public static final String HELPER_PROPERTY = "pdsup.exec.helper";
    public static final String HOME_PROPERTY = "pdsup.home";

    /** The configured location, whether or not the file exists. */
    public static Optional<Path> configured(String helperProperty, String homeProperty) {
        if (helperProperty != null && !helperProperty.isBlank()) return Optional.of(Path.of(helperProperty));
        if (homeProperty != null && !homeProperty.isBlank()) {
            return Optional.of(Path.of(homeProperty, "libexec", "pdsup-exec"));
        }
        return Optional.empty();
    }

    /** The helper, from the system properties, if it is an executable file. */
    public static Optional<Path> find() {
        return configured(System.getProperty(HELPER_PROPERTY), System.getProperty(HOME_PROPERTY))
                .map(Path::toAbsolutePath)
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p));
    }
}
