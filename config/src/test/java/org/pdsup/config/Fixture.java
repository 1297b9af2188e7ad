package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.pdsup.procdesc.Accounts;

/** Writes configuration files into a test's temporary directory and loads them. */
final class Fixture {
    /** The environment the loader sees (never the test process's own, so results do not depend on it). */
    static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "HOME", "/root", "LANG", "C.UTF-8");

    final Path dir;

    Fixture(Path dir) {
        this.dir = dir;
    }

    /** The real account database (getpwnam(3) and friends through procdesc). */
    static Accounts accounts() {
        return Accounts.system();
    }

    static ConfigLoader loader() {
        return new ConfigLoader(accounts(), ENV);
    }

    Path write(String relative, String text) {
        Path p = dir.resolve(relative);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    PdsupConfig load(String main) throws ConfigException {
        return loader().load(write("pdsupd.conf", main));
    }

    PdsupConfig loadFile() throws ConfigException {
        return loader().load(dir.resolve("pdsupd.conf"));
    }

    /** Loads {@code main}, which must fail, and returns its errors as operators see them. */
    List<String> errors(String main) {
        write("pdsupd.conf", main);
        return errorsOfFile();
    }

    List<String> errorsOfFile() {
        ConfigException e = catchThrowableOfType(ConfigException.class, this::loadFile);
        assertThat(e).as("the configuration should have been refused").isNotNull();
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.errors().stream().map(Object::toString).toList()));
        return e.errors().stream().map(ConfigError::toString).toList();
    }
}
