package org.pdsup.procdesc.freebsd;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every FreeBSD number and struct offset the backend uses, against two independent sources Debian ships, both
 * generated from or written against the FreeBSD headers: golang.org/x/sys ({@link GoSysFiles}) and the Rust libc
 * crate ({@link RustLibcFiles}), for amd64 and arm64. A value found in a source must equal ours. Where the two
 * sources disagree with each other the test prints it and requires ours to equal the FreeBSD header as read in
 * freebsd-src ({@link #DISAGREEMENTS}). Values neither source has are listed in {@link #NEITHER} with their header
 * and stay pinned to shared/platform-facts.md by {@code FreeBsdConstantsTest} / {@code StructLayoutsTest}; an
 * entry there that a source does have fails, so the list cannot hide a comparison. The packages are installed by
 * scripts/install-test-deps.sh; a missing file fails the test.
 */
class IndependentSourcesTest {

    /** Our constants absent from both sources: name -> the header that defines it (read in freebsd-src). */
    static final Map<String, String> NEITHER = new TreeMap<>(Map.ofEntries(
            Map.entry("SIGRTMIN", "sys/sys/signal.h"), Map.entry("SIGRTMAX", "sys/sys/signal.h"),
            Map.entry("SIG_MAXSIG", "sys/sys/_sigset.h (_SIG_MAXSIG)"),
            Map.entry("SIGSET_SIZE", "sys/sys/_sigset.h (sizeof(__sigset_t))"),
            Map.entry("POSIX_SPAWN_DISABLE_ASLR_NP", "include/spawn.h"),
            Map.entry("SPAWN_HANDLE_SIZE", "include/spawn.h (pointer typedefs)"),
            Map.entry("SYS_PDRFORK", "sys/sys/syscall.h (16-CURRENT, UNCONFIRMED, unused)"),
            Map.entry("SYS_PDWAIT", "sys/sys/syscall.h (16-CURRENT, UNCONFIRMED, unused)"),
            Map.entry("RFSIGSHARE", "sys/sys/unistd.h"), Map.entry("RFPROCDESC", "sys/sys/unistd.h"),
            Map.entry("CLOSE_RANGE_CLOEXEC", "sys/sys/unistd.h"), Map.entry("CLOSE_RANGE_CLOFORK", "sys/sys/unistd.h"),
            Map.entry("KQUEUE_CLOEXEC", "sys/sys/event.h"),
            Map.entry("W_STOPPED_CODE", "sys/sys/wait.h (_WSTOPPED)"),
            Map.entry("W_CONTINUED_STATUS", "sys/sys/wait.h (WIFCONTINUED)"),
            Map.entry("P_PPID", "sys/sys/wait.h"), Map.entry("P_SID", "sys/sys/wait.h"),
            Map.entry("P_CID", "sys/sys/wait.h"), Map.entry("P_UID", "sys/sys/wait.h"),
            Map.entry("P_GID", "sys/sys/wait.h"), Map.entry("P_LWPID", "sys/sys/wait.h"),
            Map.entry("P_JAILID", "sys/sys/wait.h"),
            Map.entry("REAPER_KILL_CHILDREN", "sys/sys/procctl.h"), Map.entry("REAPER_KILL_SUBTREE", "sys/sys/procctl.h"),
            Map.entry("REAPER_STATUS_OWNED", "sys/sys/procctl.h"),
            Map.entry("REAPER_STATUS_REALINIT", "sys/sys/procctl.h"),
            Map.entry("REAPER_PIDINFO_VALID", "sys/sys/procctl.h"), Map.entry("REAPER_PIDINFO_CHILD", "sys/sys/procctl.h"),
            Map.entry("REAPER_PIDINFO_REAPER", "sys/sys/procctl.h"),
            Map.entry("REAPER_PIDINFO_ZOMBIE", "sys/sys/procctl.h"),
            Map.entry("REAPER_PIDINFO_STOPPED", "sys/sys/procctl.h"),
            Map.entry("REAPER_PIDINFO_EXITING", "sys/sys/procctl.h")));

    /**
     * Constants the two sources give differently: name -> the FreeBSD header's value, read at freebsd-src commit
     * {@value #FREEBSD_SRC_COMMIT}, which ours must equal.
     */
    static final Map<String, Long> DISAGREEMENTS = Map.of(); // none between golang.org/x/sys 0.3.0 and libc 0.2.139

    /** The freebsd-src commits whose files were read (search tool) for the values neither source has. */
    static final String FREEBSD_SRC_COMMIT = "6bb132ba1e4e28cf1e713c8dcd77f2e8af7bde88 (sys/kern/kern_procctl.c: "
            + "REAPER_PIDINFO_*), 95f8a3378fb882e36dd4e3946ffc1aac1faf827d (sys/sys/procctl.h)";

    @ParameterizedTest(name = "{0}")
    @CsvSource({"amd64, x86_64", "arm64, aarch64"})
    void everyConstantAgreesWithTheSourcesThatHaveIt(String goArch, String rustArch) throws Exception {
        GoSysFiles go = new GoSysFiles(goArch);
        RustLibcFiles rust = new RustLibcFiles(rustArch);
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, Field> c : constants().entrySet()) {
            String name = c.getKey();
            Field f = c.getValue();
            long ours = ((Number) f.get(null)).longValue();
            Optional<Long> g = go.constant(name).map(v -> narrow(v, f));
            Optional<Long> r = rust.constant(name).map(v -> narrow(v, f));
            if (g.isEmpty() && r.isEmpty()) {
                if (!NEITHER.containsKey(name)) failures.add(name + " is in neither source and not listed in NEITHER");
                continue;
            }
            if (NEITHER.containsKey(name)) failures.add(name + " is listed in NEITHER but a source has it");
            compared++;
            if (g.isPresent() && r.isPresent() && !g.equals(r)) {
                Long header = DISAGREEMENTS.get(name);
                notes.add(name + ": " + go.describe() + " says " + g.get() + ", " + rust.describe() + " says " + r.get()
                        + "; the FreeBSD header says " + header + "; ours " + ours);
                if (header == null) failures.add(name + ": the sources disagree and DISAGREEMENTS has no header value");
                else if (header != ours) failures.add(name + ": ours " + ours + " but the header says " + header);
                continue;
            }
            long theirs = g.orElseGet(r::get);
            if (theirs != ours) {
                failures.add(name + ": ours " + ours + ", " + (g.isPresent() ? go.describe() : rust.describe())
                        + " " + theirs);
            }
        }
        notes.forEach(n -> System.out.println("[sources disagree] " + n));
        System.out.println(goArch + ": compared " + compared + " constants with golang.org/x/sys and/or Rust libc");
        assertThat(failures).isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"amd64, x86_64", "arm64, aarch64"})
    void everyOffsetAndSizeAgreesWithTheSourcesThatHaveIt(String goArch, String rustArch) {
        GoSysFiles go = new GoSysFiles(goArch);
        RustLibcFiles rust = new RustLibcFiles(rustArch);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (LayoutFacts.Fact fact : LayoutFacts.all()) {
            int sources = 0;
            for (Object source : List.of(go, rust)) {
                String struct = source == go ? fact.goStruct() : fact.rustStruct();
                String field = source == go ? fact.goField() : fact.rustField();
                if (struct == null) continue;
                CStruct s = (source == go ? go.struct(struct) : rust.struct(struct)).orElse(null);
                String where = (source == go ? go.describe() : rust.describe()) + " " + struct
                        + (field == null ? "" : "." + field);
                if (s == null) {
                    failures.add(fact.name() + ": " + where + " not found");
                    continue;
                }
                int theirs = switch (fact.kind()) {
                    case OFFSET -> s.offset(field);
                    case FIELD_SIZE -> s.sizeOf(field);
                    case STRUCT_SIZE -> s.size();
                };
                sources++;
                if (theirs != fact.ours()) failures.add(fact.name() + ": ours " + fact.ours() + ", " + where + " " + theirs);
            }
            if (sources > 0) compared++;
        }
        System.out.println(goArch + ": compared " + compared + " offsets and sizes with golang.org/x/sys and/or Rust libc");
        assertThat(failures).isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(30);
    }

    /** Every public numeric constant of {@link FreeBsdConstants} and {@link FreeBsdSocketConstants} but layouts. */
    static Map<String, Field> constants() {
        Map<String, Field> out = new LinkedHashMap<>();
        for (Class<?> c : List.of(FreeBsdConstants.class, FreeBsdSocketConstants.class)) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isPublic(m) || !Modifier.isStatic(m) || !Modifier.isFinal(m)) continue;
                if (f.getType() != int.class && f.getType() != short.class && f.getType() != long.class) continue;
                if (f.getName().startsWith("SUN_")) continue; // sockaddr_un layout: LayoutFacts
                out.put(f.getName(), f);
            }
        }
        return out;
    }

    /** The source's value as the C type of our constant holds it (NOTE_EXIT 0x80000000 is a negative Java int). */
    private static long narrow(long v, Field f) {
        if (f.getType() == int.class) return (int) v;
        if (f.getType() == short.class) return (short) v;
        return v;
    }
}
