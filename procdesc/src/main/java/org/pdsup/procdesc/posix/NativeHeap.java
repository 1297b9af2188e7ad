package org.pdsup.procdesc.posix;

import jnr.ffi.LibraryLoader;

/**
 * Hands the C heap's free pages back to the system. glibc's malloc keeps memory freed inside its arenas (one per
 * thread that allocated, up to eight per core) and returns it to the system only from the top of an arena; after
 * the start of 1,000 services pdsupd at rest kept 2 to 13 MiB of freed C heap resident (docs/benchmarks.md, "The
 * spawn path and memory"). {@code malloc_trim(0)} (malloc.h, glibc 2.8+) releases the free pages of every arena.
 * With a libc that has no such function (FreeBSD's jemalloc returns unused pages by itself after its decay time)
 * {@link #trim()} does nothing.
 */
public final class NativeHeap {
    private NativeHeap() {}

    /** Internal binding: public only because jnr-ffi generates its implementation in another class loader. */
    public interface Trim {
        // malloc.h: int malloc_trim(size_t pad)
        int malloc_trim(long pad);
    }

    private static final class Holder {
        static final Trim TRIM = load();

        private static Trim load() {
            try {
                return LibraryLoader.create(Trim.class).failImmediately().load("c");
            } catch (RuntimeException | LinkageError e) {
                return null; // this libc has no malloc_trim
            }
        }
    }

    /** Whether this libc can trim (glibc). */
    public static boolean available() {
        return Holder.TRIM != null;
    }

    /** malloc_trim(0): true if memory was returned to the system; false if none was or this libc cannot trim. */
    public static boolean trim() {
        Trim t = Holder.TRIM;
        return t != null && t.malloc_trim(0) == 1;
    }
}
