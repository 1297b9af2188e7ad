package org.pdsup.config;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code login-class}: on FreeBSD the user's own class by default (as daemon(8) -u applies it), a named class on
 * request; on Linux, which has no login classes, refused with the file and line (loaded here with this host's
 * real {@code os.name}).
 */
class LoginClassTest {
    @TempDir
    Path tmp;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
    }

    private PdsupConfig loadAsFreeBsd(String main) throws ConfigException {
        return new ConfigLoader(Fixture.accounts(), Fixture.ENV, "FreeBSD").load(f.write("pdsupd.conf", main));
    }

    @Test
    void onLinuxTheKeyIsRefusedWithFileAndLine() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux"));
        assertThat(f.errors("""
                services.a {
                  command = [/bin/true]
                  user = nobody
                  login-class = daemon
                }
                """)).containsExactly("pdsupd.conf:4: services.a.login-class: login classes are a FreeBSD feature"
                + " (login.conf(5)); this system has none, so the class's limits would silently not apply: remove"
                + " login-class and set rlimits, nice and umask instead");
    }

    @Test
    void onLinuxAServiceWithAUserHasNoLoginClass() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux"));
        PdsupConfig c = f.load("services.a { command = [/bin/true], user = nobody }\n");
        assertThat(c.services().get("a").credentials().loginClass()).isNull();
    }

    @Test
    void onFreeBsdTheUsersOwnClassIsTheDefault() throws Exception {
        PdsupConfig c = loadAsFreeBsd("""
                services.a { command = [/bin/true], user = nobody }
                services.b { command = [/bin/true], user = nobody, login-class = daemon }
                services.c { command = [/bin/true] }
                """);
        assertThat(c.services().get("a").credentials().loginClass()).isEqualTo("");
        assertThat(c.services().get("b").credentials().loginClass()).isEqualTo("daemon");
        assertThat(c.services().get("c").credentials().loginClass()).as("no user: nothing to apply").isNull();
    }

    @Test
    void onFreeBsdALoginClassNeedsAUserAndAPlainName() throws Exception {
        f.write("pdsupd.conf", """
                services.a { command = [/bin/true], login-class = daemon }
                services.b { command = [/bin/true], user = nobody, login-class = "da mon" }
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Fixture.accounts(), Fixture.ENV, "FreeBSD").load(tmp.resolve("pdsupd.conf")));
        assertThat(e.errors().stream().map(ConfigError::toString)).containsExactly(
                "pdsupd.conf:1: services.a.login-class: login-class needs user, with an entry in the account database"
                        + " (a login class is applied for the user the service runs as)",
                "pdsupd.conf:2: services.b.login-class: \"da mon\" is not a login class name (letters, digits, _ . -)");
    }
}
