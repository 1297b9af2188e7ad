package org.pdsup.procdesc.stats;

import static org.assertj.core.api.Assertions.assertThat;

import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.Test;

/**
 * The FreeBSD binding cannot run here; this loads its interface through jnr-ffi (so a signature jnr-ffi cannot
 * map fails the build here, not on a FreeBSD host) and calls the one function glibc shares with it.
 */
class FreeBsdStatsBindingTest {

    @Test
    void bindingInterfaceLoadsAndItsPortableFunctionWorks() {
        FreeBsdStatsLibc libc = LibraryLoader.create(FreeBsdStatsLibc.class).load("c");
        assertThat(libc.getpagesize()).isPositive();
        assertThat(Integer.bitCount(libc.getpagesize())).isEqualTo(1);
    }
}
