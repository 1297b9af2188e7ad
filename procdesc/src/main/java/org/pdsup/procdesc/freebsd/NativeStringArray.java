package org.pdsup.procdesc.freebsd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jnr.ffi.Pointer;

/**
 * A NULL-terminated {@code char *const []} in native memory (argv, envp for posix_spawn). Holds every string's
 * memory until this object is unreachable, so keep it referenced until the call returns.
 */
public final class NativeStringArray {
    private final Pointer array;
    private final List<Pointer> strings;
    private final int count;

    private NativeStringArray(Pointer array, List<Pointer> strings, int count) {
        this.array = array;
        this.strings = strings;
        this.count = count;
    }

    /** The array of {@code values} (UTF-8, each NUL-terminated), followed by a NULL pointer. */
    public static NativeStringArray of(List<String> values) {
        Pointer array = FreeBsdNative.allocate(8L * (values.size() + 1));
        List<Pointer> strings = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argument " + i + " contains a NUL character: " + v.replace('\0', '?'));
            }
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            Pointer s = FreeBsdNative.allocate(bytes.length + 1L);
            s.put(0, bytes, 0, bytes.length);
            s.putByte(bytes.length, (byte) 0);
            strings.add(s);
            array.putPointer(8L * i, s);
        }
        array.putAddress(8L * values.size(), 0L);
        return new NativeStringArray(array, strings, values.size());
    }

    public Pointer pointer() {
        return array;
    }

    public int size() {
        return count;
    }

    /** Reads the strings back from native memory (for tests and diagnostics). */
    public List<String> read() {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; ; i++) {
            long address = array.getAddress(8L * i);
            if (address == 0L) break;
            out.add(array.getPointer(8L * i).getString(0, Integer.MAX_VALUE, StandardCharsets.UTF_8));
        }
        assert strings.size() == count;
        return out;
    }
}
