package org.pdsup.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A directory that looks like a JDK to the launcher: a {@code release} file with the given version, and a
 * {@code bin/java} that prints each argument it gets on a line of its own instead of starting a JVM. The
 * launcher's decisions (which Java, which flags, in which order) can so be read back exactly.
 */
final class FakeJdk {
    private FakeJdk() {
    }

    static Path create(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"" + version
                + "+7-test\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n");
        executable(home.resolve("bin/java"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        return home;
    }

    static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A prefix with bin/pdsupd and bin/pdctl (the launcher source) and an empty lib/pdsup. */
    static Path prefixWithLaunchers(Path prefix) throws IOException {
        Files.createDirectories(prefix.resolve("bin"));
        Files.createDirectories(prefix.resolve("lib/pdsup"));
        String launcher = Files.readString(Build.repoFile("packaging/src/bin/pdsup-launcher"));
        executable(prefix.resolve("bin/pdsupd"), launcher);
        executable(prefix.resolve("bin/pdctl"), launcher);
        return prefix;
    }
}
