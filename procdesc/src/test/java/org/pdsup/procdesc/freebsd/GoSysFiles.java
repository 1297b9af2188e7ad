package org.pdsup.procdesc.freebsd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreeBSD constants and struct layouts as golang.org/x/sys generated them from the FreeBSD headers (Debian
 * package {@code golang-golang-x-sys-dev}): {@code zerrors_freebsd_<arch>.go} and {@code zsysnum_freebsd_<arch>.go}
 * for numbers, {@code ztypes_freebsd_<arch>.go} for structs. A struct's offsets follow from its fields' Go types in
 * order (cgo -godefs writes every padding as a {@code _} field), laid out by {@link CStruct}.
 * A missing file fails: the test is not allowed to skip.
 */
final class GoSysFiles {
    static final Path DIR = Path.of("/usr/share/gocode/src/golang.org/x/sys/unix");

    private static final Pattern CONST = Pattern.compile(
            "^\\s*([A-Z_][A-Za-z0-9_]*)\\s*=\\s*(?:syscall\\.(?:Errno|Signal)\\()?(-?(?:0x[0-9a-fA-F]+|[0-9]+))\\)?\\s*(?://.*)?$");
    private static final Pattern FIELD = Pattern.compile("^\\s*(\\w+)\\s+(\\S+)\\s*(?://.*)?$");
    private static final Pattern ARRAY = Pattern.compile("^\\[(\\d+)](.+)$");

    private final String arch;
    private final Map<String, Long> constants = new HashMap<>();
    private final List<String> typesFile;

    /** @param arch Go's name: {@code amd64} or {@code arm64} */
    GoSysFiles(String arch) {
        this.arch = arch;
        for (String kind : List.of("zerrors", "zsysnum")) {
            for (String line : read(DIR.resolve(kind + "_freebsd_" + arch + ".go"))) {
                Matcher m = CONST.matcher(line);
                if (m.matches()) constants.putIfAbsent(m.group(1), parse(m.group(2)));
            }
        }
        typesFile = read(DIR.resolve("ztypes_freebsd_" + arch + ".go"));
    }

    String describe() {
        return "golang.org/x/sys " + arch;
    }

    Optional<Long> constant(String name) {
        return Optional.ofNullable(constants.get(name));
    }

    /** The struct {@code type name struct {...}} laid out, or empty when the file has no such type. */
    Optional<CStruct> struct(String name) {
        int start = typesFile.indexOf("type " + name + " struct {");
        if (start < 0) return Optional.empty();
        CStruct s = CStruct.of();
        for (int i = start + 1; !typesFile.get(i).equals("}"); i++) {
            Matcher m = FIELD.matcher(typesFile.get(i));
            if (!m.matches()) throw new IllegalStateException(describe() + ": cannot read field line: " + typesFile.get(i));
            add(s, m.group(1), m.group(2));
        }
        return Optional.of(s);
    }

    private void add(CStruct s, String field, String type) {
        Matcher a = ARRAY.matcher(type);
        if (a.matches()) {
            int count = Integer.parseInt(a.group(1));
            String element = a.group(2);
            int size = scalar(element);
            if (size > 0) {
                s.arr(field, size, count);
            } else {
                CStruct e = struct(element).orElseThrow(() -> new IllegalStateException(describe() + ": no type " + element));
                s.union(field, e.size() * count, e.alignment());
            }
            return;
        }
        int size = scalar(type);
        if (size > 0) {
            s.f(field, size);
        } else {
            s.nested(field, struct(type).orElseThrow(() -> new IllegalStateException(describe() + ": no type " + type)));
        }
    }

    /** Size of a Go scalar on a 64-bit target; 0 for a named struct. */
    private static int scalar(String type) {
        if (type.startsWith("*")) return 8;
        return switch (type) {
            case "int8", "uint8", "byte" -> 1;
            case "int16", "uint16" -> 2;
            case "int32", "uint32", "float32" -> 4;
            case "int64", "uint64", "uintptr", "int", "uint", "float64" -> 8;
            default -> 0;
        };
    }

    static long parse(String literal) {
        boolean negative = literal.startsWith("-");
        String digits = negative ? literal.substring(1) : literal;
        long v = digits.startsWith("0x") ? Long.parseUnsignedLong(digits.substring(2), 16)
                : digits.length() > 1 && digits.startsWith("0") ? Long.parseLong(digits.substring(1), 8)
                : Long.parseLong(digits);
        return negative ? -v : v;
    }

    static List<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: install the Debian packages golang-golang-x-sys-dev"
                    + " and librust-libc-dev (scripts/install-test-deps.sh does)");
        }
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
