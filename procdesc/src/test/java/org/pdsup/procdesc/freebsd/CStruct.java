package org.pdsup.procdesc.freebsd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A C struct laid out the way an LP64 C compiler does (each field at the next multiple of its alignment, the
 * size rounded up to the largest alignment), for checking hand-written offsets against a header's field list.
 */
final class CStruct {
    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private final Map<String, Integer> sizes = new LinkedHashMap<>();
    private int end;
    private int align = 1;

    static CStruct of() {
        return new CStruct();
    }

    /** A scalar or pointer field of {@code size} bytes, naturally aligned. */
    CStruct f(String name, int size) {
        return field(name, size, size);
    }

    /** An array of {@code count} elements of {@code size} bytes. */
    CStruct arr(String name, int size, int count) {
        return field(name, size * count, size);
    }

    /** A nested struct (or union given as a struct of its largest member). */
    CStruct nested(String name, CStruct s) {
        return field(name, s.size(), s.align);
    }

    CStruct union(String name, int size, int alignment) {
        return field(name, size, alignment);
    }

    private CStruct field(String name, int size, int alignment) {
        end = (end + alignment - 1) / alignment * alignment;
        offsets.put(name, end);
        sizes.put(name, size);
        end += size;
        align = Math.max(align, alignment);
        return this;
    }

    int offset(String name) {
        Integer o = offsets.get(name);
        if (o == null) throw new IllegalArgumentException("no field " + name);
        return o;
    }

    /** The size of field {@code name} in bytes. */
    int sizeOf(String name) {
        offset(name);
        return sizes.get(name);
    }

    int alignment() {
        return align;
    }

    /** The field names in declaration order. */
    java.util.Set<String> fields() {
        return offsets.keySet();
    }

    int size() {
        return (end + align - 1) / align * align;
    }
}
