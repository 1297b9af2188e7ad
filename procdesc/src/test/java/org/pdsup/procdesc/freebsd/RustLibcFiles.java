package org.pdsup.procdesc.freebsd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * FreeBSD constants and struct layouts as the Rust {@code libc} crate states them (Debian package
 * {@code librust-libc-dev}, {@code /usr/share/cargo/registry/libc-<version>/src/unix}), for FreeBSD 14
 * ({@code freebsd14} module) on x86_64 or aarch64. The modules are read most specific first (the architecture,
 * {@code freebsd14}, {@code freebsd}, {@code freebsdlike}, {@code bsd}, {@code unix}); the first definition of a
 * name wins, as the crate's glob imports shadow outer items. {@code #[cfg(...)]} on a field or constant is
 * evaluated for a 64-bit FreeBSD target; structs are laid out from their fields' types by {@link CStruct}.
 */
final class RustLibcFiles {
    private static final Pattern CONST = Pattern.compile("^pub const (\\w+): [:\\w]+ = (.+);\\s*(?://.*)?$");
    private static final Pattern TYPE = Pattern.compile("^pub type (\\w+) = ([:\\w]+);");
    private static final Pattern FIELD = Pattern.compile("^(?:pub )?(\\w+): (.+?),?$");
    private static final Pattern ARRAY = Pattern.compile("^\\[(.+); (.+)]$");
    private static final Pattern LITERAL = Pattern.compile("^(-?)(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9_]+)(?:[iu](?:8|16|32|64|size))?$");

    private final String arch;
    private final Path root;
    private final List<List<String>> files = new ArrayList<>();
    private final Map<String, String> rawConstants = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();

    /** @param arch the Rust target_arch: {@code x86_64} or {@code aarch64} */
    RustLibcFiles(String arch) {
        this.arch = arch;
        this.root = crateRoot().resolve("src/unix");
        Path fbsd = root.resolve("bsd/freebsdlike/freebsd");
        List<Path> order = List.of(
                arch.equals("x86_64") ? fbsd.resolve("x86_64/mod.rs") : fbsd.resolve("aarch64.rs"),
                fbsd.resolve("freebsd14/b64.rs"), fbsd.resolve("freebsd14/mod.rs"), fbsd.resolve("mod.rs"),
                root.resolve("bsd/freebsdlike/mod.rs"), root.resolve("bsd/mod.rs"), root.resolve("mod.rs"));
        for (Path p : order) {
            List<String> lines = activeBranches(joinAttributes(GoSysFiles.read(p)));
            files.add(lines);
            boolean skip = false;
            for (String line : lines) {
                if (line.startsWith("#[cfg(")) {
                    skip = !cfg(line.substring(6, line.lastIndexOf(")]")));
                    continue;
                }
                Matcher c = CONST.matcher(line);
                if (c.matches() && !skip) rawConstants.putIfAbsent(c.group(1), c.group(2));
                Matcher t = TYPE.matcher(line);
                if (t.find() && !skip) aliases.putIfAbsent(t.group(1), strip(t.group(2)));
                if (!line.startsWith("#")) skip = false;
            }
        }
    }

    static Path crateRoot() {
        Path registry = Path.of("/usr/share/cargo/registry");
        try (Stream<Path> dirs = Files.isDirectory(registry) ? Files.list(registry) : Stream.empty()) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("libc-")).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("no " + registry + "/libc-*: install the Debian"
                            + " package librust-libc-dev (scripts/install-test-deps.sh does)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String describe() {
        return "Rust " + crateRoot().getFileName() + " freebsd14 " + arch;
    }

    Optional<Long> constant(String name) {
        String expr = rawConstants.get(name);
        return expr == null ? Optional.empty() : Optional.ofNullable(eval(expr, 0));
    }

    /** {@code a | b}, {@code 1 << n}, {@code a + b}, {@code a - b}, {@code x as T}, literals and names of other constants; null otherwise. */
    private Long eval(String expr, int depth) {
        if (depth > 8) return null;
        String e = expr.trim();
        while (e.startsWith("(") && e.endsWith(")")) e = e.substring(1, e.length() - 1).trim();
        if (e.contains("|")) {
            long v = 0;
            for (String part : e.split("\\|")) {
                Long p = eval(part, depth + 1);
                if (p == null) return null;
                v |= p;
            }
            return v;
        }
        if (e.contains("<<")) {
            String[] p = e.split("<<");
            Long a = eval(p[0], depth + 1);
            Long b = eval(p[1], depth + 1);
            return a == null || b == null ? null : a << b;
        }
        Matcher sum = Pattern.compile("^(.+)\\s([+-])\\s(.+?)$").matcher(e);
        if (sum.matches()) { // binary + and - (spaced, as rustfmt writes them), left to right
            Long a = eval(sum.group(1), depth + 1);
            Long b = eval(sum.group(3), depth + 1);
            if (a == null || b == null) return null;
            return sum.group(2).equals("+") ? a + b : a - b;
        }
        int as = e.indexOf(" as ");
        if (as > 0) return eval(e.substring(0, as), depth + 1);
        Matcher m = LITERAL.matcher(e);
        if (m.matches()) {
            String d = m.group(2).replace("_", "");
            long v = d.startsWith("0x") ? Long.parseUnsignedLong(d.substring(2), 16)
                    : d.startsWith("0o") ? Long.parseLong(d.substring(2), 8)
                    : d.startsWith("0b") ? Long.parseLong(d.substring(2), 2) : Long.parseLong(d);
            return m.group(1).isEmpty() ? v : -v;
        }
        String name = strip(e);
        return rawConstants.containsKey(name) ? eval(rawConstants.get(name), depth + 1) : null;
    }

    /** The struct laid out, or empty when no module defines it. */
    Optional<CStruct> struct(String name) {
        for (List<String> lines : files) {
            int start = lines.indexOf("pub struct " + name + " {");
            if (start < 0) continue;
            CStruct s = CStruct.of();
            boolean skip = false;
            for (int i = start + 1; !lines.get(i).equals("}"); i++) {
                String line = lines.get(i).replaceAll("\\s*//.*$", "");
                if (line.isEmpty()) continue;
                if (line.startsWith("#[cfg(")) {
                    skip = !cfg(line.substring(6, line.lastIndexOf(")]")));
                    continue;
                }
                Matcher f = FIELD.matcher(line);
                if (!f.matches()) throw new IllegalStateException(describe() + ": cannot read field line: " + line);
                if (!skip) add(s, f.group(1), f.group(2).trim());
                skip = false;
            }
            return Optional.of(s);
        }
        return Optional.empty();
    }

    private void add(CStruct s, String field, String type) {
        Matcher a = ARRAY.matcher(type);
        if (a.matches()) {
            CStruct element = CStruct.of();
            add(element, "e", a.group(1).trim());
            Long count = eval(a.group(2), 0);
            if (count == null) throw new IllegalStateException(describe() + ": array length " + a.group(2));
            s.union(field, element.size() * count.intValue(), element.alignment());
            return;
        }
        if (type.startsWith("*")) {
            s.f(field, 8);
            return;
        }
        String t = strip(type);
        int size = scalar(t);
        if (size > 0) {
            s.f(field, size);
        } else if (aliases.containsKey(t)) {
            add(s, field, aliases.get(t));
        } else {
            s.nested(field, struct(t).orElseThrow(() -> new IllegalStateException(describe() + ": no type " + t)));
        }
    }

    /** Rust primitives and the LP64 C types the crate names (sizes are what LP64 means). */
    private static int scalar(String type) {
        return switch (type) {
            case "i8", "u8", "c_char", "c_schar", "c_uchar" -> 1;
            case "i16", "u16", "c_short", "c_ushort" -> 2;
            case "i32", "u32", "f32", "c_int", "c_uint" -> 4;
            case "i64", "u64", "f64", "usize", "isize", "c_longlong", "c_ulonglong" -> 8;
            default -> 0;
        };
    }

    private static String strip(String type) {
        String t = type.trim();
        return t.startsWith("::") ? t.substring(2) : t.replace("crate::", "");
    }

    /** A cfg predicate for a 64-bit FreeBSD 14 target of this architecture ({@code libc_union} unset: the pre-union spelling of the same bytes is read). */
    boolean cfg(String p) {
        String e = p.trim();
        if (e.startsWith("not(")) return !cfg(e.substring(4, e.length() - 1));
        boolean any = e.startsWith("any(");
        if (any || e.startsWith("all(")) {
            for (String part : splitTopLevel(e.substring(4, e.length() - 1))) {
                if (cfg(part) == any) return any;
            }
            return !any;
        }
        return switch (e.replace(" ", "")) {
            case "target_pointer_width=\"64\"", "target_os=\"freebsd\"", "freebsd14",
                 "libc_align", "libc_const_size_of", "libc_core_cvoid", "libc_packedN" -> true;
            default -> e.replace(" ", "").equals("target_arch=\"" + arch + "\"");
        };
    }

    private static final Pattern CFG_IF_BRANCH = Pattern.compile("^(\\}\\s*else\\s+)?if #\\[cfg\\((.+)\\)] \\{$");

    /** The lines of the {@code cfg_if!} branches taken for this target (the first true one of each chain). */
    private List<String> activeBranches(List<String> lines) {
        List<String> out = new ArrayList<>();
        java.util.Deque<int[]> chains = new java.util.ArrayDeque<>(); // {depth at if, taken, active}
        int depth = 0;
        for (String line : lines) {
            Matcher m = CFG_IF_BRANCH.matcher(line);
            boolean elseBranch = line.matches("^\\}\\s*else\\s*\\{$");
            boolean inChain = !chains.isEmpty() && chains.peek()[0] == depth - 1;
            if (m.matches() && m.group(1) == null) {
                boolean on = cfg(m.group(2));
                chains.push(new int[] {depth, on ? 1 : 0, on ? 1 : 0});
                depth++;
                continue;
            }
            if (inChain && (m.matches() || elseBranch)) {
                int[] chain = chains.peek();
                boolean on = chain[1] == 0 && (elseBranch || cfg(m.group(2)));
                chain[2] = on ? 1 : 0;
                if (on) chain[1] = 1;
                continue;
            }
            if (inChain && line.equals("}")) {
                chains.pop();
                depth--;
                continue;
            }
            if (chains.stream().allMatch(c -> c[2] == 1)) out.add(line);
            depth += line.chars().filter(c -> c == '{').count() - line.chars().filter(c -> c == '}').count();
        }
        return out;
    }

    /** Trimmed lines, with a {@code #[cfg(...)]} written over several lines joined into one. */
    private static List<String> joinAttributes(List<String> raw) {
        List<String> out = new ArrayList<>();
        StringBuilder pending = null;
        for (String r : raw) {
            String line = r.trim();
            if (pending != null) {
                pending.append(' ').append(line);
                if (line.endsWith(")]")) {
                    out.add(pending.toString());
                    pending = null;
                }
            } else if (line.startsWith("#[cfg(") && !line.endsWith(")]")) {
                pending = new StringBuilder(line);
            } else {
                out.add(line);
            }
        }
        return out;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (c == ',' && depth == 0) {
                parts.add(s.substring(from, i));
                from = i + 1;
            }
        }
        if (!s.substring(from).isBlank()) parts.add(s.substring(from));
        return parts;
    }
}
