package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GlobTest {

    @Test
    void matchesLikeShellGlobs() {
        assertThat(Glob.compile("web*").matches("web")).isTrue();
        assertThat(Glob.compile("web*").matches("web-1")).isTrue();
        assertThat(Glob.compile("web*").matches("api")).isFalse();
        assertThat(Glob.compile("w?b").matches("wab")).isTrue();
        assertThat(Glob.compile("w?b").matches("wb")).isFalse();
        assertThat(Glob.compile("*").matches("")).isTrue();
        assertThat(Glob.compile("a*b*c").matches("aXXbYYc")).isTrue();
        assertThat(Glob.compile("a*b*c").matches("aXXcYYb")).isFalse();
        assertThat(Glob.compile("*.worker").matches("q.worker")).isTrue();
        assertThat(Glob.compile("*.worker").matches("qxworker")).isFalse();
        assertThat(Glob.compile("**a**").matches("bab")).isTrue();
        assertThat(Glob.compile("?*?").matches("a")).isFalse();
        assertThat(Glob.compile("?*?").matches("ab")).isTrue();
    }

    /** The same answers as a regex on a systematic set of small patterns and names (both under 64 bits and across words). */
    @Test
    void agreesWithARegexOnEveryShortPatternAndName() {
        String alphabet = "ab*?";
        List<String> patterns = all(alphabet, 5);
        List<String> names = all("ab", 6);
        for (String p : patterns) {
            Pattern re = Pattern.compile(p.replace("*", ".*").replace("?", "."));
            Glob g = Glob.compile(p);
            for (String n : names) {
                assertThat(g.matches(n)).as("%s ~ %s", p, n).isEqualTo(re.matcher(n).matches());
            }
        }
        String longPattern = "a?".repeat(40) + "*b";
        Glob g = Glob.compile(longPattern);
        assertThat(g.matches("ax".repeat(40) + "zzzb")).isTrue();
        assertThat(g.matches("ax".repeat(39) + "zzzb")).isFalse();
    }

    /**
     * Issue 15 defect 2: the regex backtracked exponentially on "*****...x" and held the control thread for
     * minutes. The linear matcher answers at once; the timeout is generous (the old code needs minutes).
     */
    @Test
    @Timeout(10)
    void pathologicalGlobsMatchInLinearTime() {
        Glob g = Glob.compile("*a".repeat(127) + "x");
        String name = "a".repeat(64);
        for (int i = 0; i < 100_000; i++) assertThat(g.matches(name)).isFalse();
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 1000; i++) known.add("svc-" + i + "-" + "a".repeat(50));
        List<String> globs = Collections.nCopies(ServiceSelector.MAX_GLOBS, "*".repeat(200) + "*?");
        assertThat(ServiceSelector.resolve(known, globs)).hasSize(1000);
    }

    @Test
    void boundsThePatternLengthAndTheNumberOfGlobs() {
        assertThatThrownBy(() -> ServiceSelector.resolve(List.of("a"), List.of("*".repeat(Glob.MAX_CHARS + 1))))
                .isInstanceOf(ControlException.class).hasMessageContaining("at most " + Glob.MAX_CHARS);
        assertThatThrownBy(() -> ServiceSelector.resolve(List.of("a"),
                Collections.nCopies(ServiceSelector.MAX_GLOBS + 1, "a*")))
                .isInstanceOf(ControlException.class).hasMessageContaining("at most " + ServiceSelector.MAX_GLOBS);
    }

    @Test
    void resolvesInConfigurationOrderWithoutDuplicatesAndSamplesUnknownNames() {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 50; i++) known.add("s" + i);
        assertThat(ServiceSelector.resolve(known, List.of("s1?", "s1", "s1*"))).containsExactly(
                "s1", "s10", "s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19");
        assertThatThrownBy(() -> ServiceSelector.resolve(known, List.of("nope*")))
                .isInstanceOf(ControlException.class)
                .hasMessage("no service matches 'nope*' (known: s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, … 40 more)");
    }

    private static List<String> all(String alphabet, int maxLen) {
        List<String> out = new ArrayList<>();
        out.add("");
        int from = 0;
        for (int len = 1; len <= maxLen; len++) {
            int to = out.size();
            for (int i = from; i < to; i++) {
                for (char c : alphabet.toCharArray()) out.add(out.get(i) + c);
            }
            from = to;
        }
        return out;
    }
}
