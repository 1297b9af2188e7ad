package org.pdsup.procdesc.freebsd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.kenai.jffi.Library;

/**
 * Tells whether the C library exports a symbol (dlsym on the C library itself), so optional functions are
 * probed at start and never guessed from the release number. On FreeBSD the library is {@code libc.so.7}.
 */
public final class SymbolProbe {
    private final String libraryName;
    private final Library library;
    private final Map<String, Boolean> cache = new ConcurrentHashMap<>();

    private SymbolProbe(String libraryName, Library library) {
        this.libraryName = libraryName;
        this.library = library;
    }

    /**
     * A probe of the standard C library of the running system: {@code libc.so.7} on FreeBSD (its soname since
     * FreeBSD 7; jnr-ffi's standard name there is the bare "c", and {@code /usr/lib/libc.so} is a linker script
     * dlopen cannot open), glibc's {@code libc.so.6} on Linux, else the process's global symbols.
     */
    public static SymbolProbe libc() {
        jnr.ffi.Platform platform = jnr.ffi.Platform.getNativePlatform();
        List<String> names = new ArrayList<>();
        if (platform.getOS() == jnr.ffi.Platform.OS.FREEBSD) names.add(FreeBsdNative.LIBC_SONAME);
        String standard = platform.getStandardCLibraryName();
        if (standard.contains(".so")) names.add(standard);
        for (String name : names) {
            Library lib = Library.getCachedInstance(name, Library.LAZY | Library.LOCAL);
            if (lib != null) return new SymbolProbe(name, lib);
        }
        return new SymbolProbe("the C library in the process's global symbols", Library.getDefault());
    }

    public String libraryName() {
        return libraryName;
    }

    /** True when {@code symbol} resolves in the library. */
    public boolean has(String symbol) {
        return cache.computeIfAbsent(symbol, s -> library.getSymbolAddress(s) != 0L);
    }
}
