package org.pdsup.procdesc.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.posix.Posix;

/**
 * A NULL-terminated {@code char *[]} (argv, envp) in native memory. The strings are referenced from this object,
 * so they stay allocated as long as it is reachable: keep it until the call that reads it has returned.
 */
final class NativeStrings {
    private final Pointer array;
    private final List<Pointer> strings;

    private NativeStrings(Pointer array, List<Pointer> strings) {
        this.array = array;
        this.strings = strings;
    }

    static NativeStrings of(List<String> values) {
        int n = values.size();
        Pointer array = Memory.allocateDirect(Posix.runtime(), (n + 1) * 8L, true);
        List<Pointer> strings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String v = values.get(i);
            if (v.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL character in argument: " + v);
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            Pointer s = Memory.allocateDirect(Posix.runtime(), b.length + 1, true);
            s.put(0, b, 0, b.length);
            strings.add(s);
            array.putPointer(i * 8L, s);
        }
        array.putAddress(n * 8L, 0L);
        return new NativeStrings(array, strings);
    }

    Pointer pointer() {
        return array;
    }

    /** Touches the strings so the JIT cannot consider them unreachable before the native call returns. */
    void keepAlive() {
        java.lang.ref.Reference.reachabilityFence(strings);
        java.lang.ref.Reference.reachabilityFence(array);
    }
}
