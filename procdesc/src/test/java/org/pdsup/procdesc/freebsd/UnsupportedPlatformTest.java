package org.pdsup.procdesc.freebsd;

import java.lang.reflect.InvocationTargetException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.pdsup.procdesc.UnsupportedPlatformException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Off FreeBSD the backend refuses clearly, the way the dispatcher loads it (Class.forName + no-arg constructor). */
class UnsupportedPlatformTest {

    @Test
    @DisabledOnOs(OS.FREEBSD)
    void backendRefusesThisSystemWhenLoadedByName() throws Exception {
        Class<?> c = Class.forName("org.pdsup.procdesc.freebsd.FreeBsdProcessDescriptors");
        assertThatThrownBy(() -> c.getConstructor().newInstance())
                .isInstanceOf(InvocationTargetException.class)
                .cause().isInstanceOf(UnsupportedPlatformException.class)
                .hasMessageContaining("runs only on FreeBSD, not on " + System.getProperty("os.name"))
                .hasMessageContaining("ProcessDescriptors.system()");
    }

    @Test
    @DisabledOnOs(OS.FREEBSD)
    void accountsRefuseThisSystem() {
        assertThatThrownBy(FreeBsdAccounts::new).isInstanceOf(UnsupportedPlatformException.class)
                .hasMessageContaining("runs only on FreeBSD");
    }

    @Test
    @DisabledOnOs(OS.FREEBSD)
    void theJvmKeepsWorkingAfterTheRefusal() {
        assertThatThrownBy(FreeBsdProcessDescriptors::new).isInstanceOf(UnsupportedPlatformException.class);
        assertThat(FreeBsdNative.libc().getpid()).isEqualTo((int) ProcessHandle.current().pid());
    }

    @Test
    void platformCheckAcceptsOnlyFreeBsdOnLp64() {
        PlatformCheck.requireFreeBsd("FreeBSD", "amd64");
        PlatformCheck.requireFreeBsd("FreeBSD", "aarch64");
        assertThatThrownBy(() -> PlatformCheck.requireFreeBsd("Linux", "amd64"))
                .isInstanceOf(UnsupportedPlatformException.class).hasMessageContaining("not on Linux");
        assertThatThrownBy(() -> PlatformCheck.requireFreeBsd("Mac OS X", "aarch64")).hasMessageContaining("Mac OS X");
        assertThatThrownBy(() -> PlatformCheck.requireFreeBsd(null, "amd64")).hasMessageContaining("unnamed system");
        assertThatThrownBy(() -> PlatformCheck.requireFreeBsd("FreeBSD", "i386"))
                .isInstanceOf(UnsupportedPlatformException.class).hasMessageContaining("amd64 and arm64 only");
    }
}
