package org.pdsup.procdesc.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

/** malloc_trim gives back pages freed in the middle of the C heap, which free() alone keeps. */
class NativeHeapTest {
    /** malloc(3) and free(3), for making a fragmented C heap. */
    public interface Malloc {
        Pointer malloc(long size);

        void free(Pointer p);
    }

    @Test
    void trimReturnsFreedPagesThatFreeKept() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs /proc/self/status to see the resident set");
        assertThat(NativeHeap.available()).as("glibc has malloc_trim").isTrue();
        Malloc c = LibraryLoader.create(Malloc.class).load("c");
        NativeHeap.trim();
        int n = 64 * 1024;
        Pointer[] blocks = new Pointer[n];
        for (int i = 0; i < n; i++) {
            blocks[i] = c.malloc(1000); // below the mmap threshold: from the arena
            for (int off = 0; off < 1000; off += 64) blocks[i].putByte(off, (byte) 1); // resident
        }
        Pointer pin = c.malloc(1000); // above the freed ones: the arena's top cannot shrink past it
        for (int i = 0; i < n; i++) c.free(blocks[i]);
        long kept = residentKib();
        boolean released = NativeHeap.trim();
        long after = residentKib();
        c.free(pin);
        assertThat(released).as("malloc_trim released memory").isTrue();
        assertThat(kept - after).as("resident KiB given back of 64 MiB freed (%d -> %d)", kept, after)
                .isGreaterThan(32 * 1024);
    }

    private static long residentKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
