package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash completion of the tarball, found where bash-completion looks (its loader searching
 * {@code XDG_DATA_DIRS}, as {@code /usr/local/share} is searched on Debian and FreeBSD), driven the way bash
 * drives it (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT, then the function {@code complete -p} names)
 * against a live pdsupd for the service names; and the zsh completion's syntax.
 */
class CompletionTest {
    private static final String BASH_COMPLETION = "/usr/share/bash-completion/bash_completion";

    @TempDir
    static Path dir;
    static LiveDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        daemon = LiveDaemon.start(dir, """
                web { command = [/bin/sleep, "3600"] }
                worker-1 { command = [/bin/sleep, "3600"] }
                worker-2 { command = [/bin/sleep, "3600"], autostart = false }
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) daemon.close();
    }

    /** The sorted completions bash offers for {@code line} (the cursor at its end). */
    private static List<String> complete(String line) throws Exception {
        assertThat(Path.of(BASH_COMPLETION)).as("bash-completion is not installed: run scripts/install-test-deps.sh")
                .exists();
        String script = """
                source %s
                _completion_loader pdctl
                fn=$(complete -p pdctl | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p')
                COMP_LINE=$LINE
                COMP_POINT=${#COMP_LINE}
                read -ra COMP_WORDS <<<"$COMP_LINE"
                [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
                COMPREPLY=()
                "$fn" pdctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%%s\\n' "${COMPREPLY[@]}" | sort
                """.formatted(BASH_COMPLETION);
        Map<String, String> env = new java.util.HashMap<>();
        env.put("XDG_DATA_DIRS", daemon.prefix.resolve("share").toString());
        env.put("LINE", line);
        env.put("PDCTL_JAVA_OPTS", null);
        Run.Result r = Run.run(List.of("bash", "-c", script), env, Duration.ofSeconds(120));
        assertThat(r.exit()).as(r.describe()).isZero();
        List<String> out = new ArrayList<>(Arrays.asList(r.out().split("\n")));
        out.removeIf(String::isEmpty);
        return out;
    }

    private static String pdctl() {
        return daemon.pdctlPath() + " -s " + daemon.socket;
    }

    @Test
    void commandsAndOptions() throws Exception {
        assertThat(complete(daemon.pdctlPath() + " st")).containsExactly("start", "status", "stop");
        assertThat(complete(daemon.pdctlPath() + " sh")).containsExactly("show", "shutdown");
        assertThat(complete(daemon.pdctlPath() + " re")).containsExactly("reexec", "reload", "reopen-logs", "restart");
        assertThat(complete(daemon.pdctlPath() + " --j")).containsExactly("--json");
        assertThat(complete(pdctl() + " logs web -")).contains("-n", "--lines", "-f", "--follow", "--since", "--stdout",
                "--stderr");
        assertThat(complete(pdctl() + " help wa")).containsExactly("wait");
        assertThat(complete(pdctl() + " signal web hu")).containsExactly("HUP");
    }

    @Test
    void serviceNamesComeFromTheLiveDaemonThroughTheSocketOnTheLine() throws Exception {
        assertThat(complete(pdctl() + " stop ")).containsExactly("web", "worker-1", "worker-2");
        assertThat(complete(pdctl() + " restart wor")).containsExactly("worker-1", "worker-2");
        assertThat(complete(daemon.pdctlPath() + " logs --socket=" + daemon.socket + " w"))
                .containsExactly("web", "worker-1", "worker-2");
        // one NAME only: nothing after it
        assertThat(complete(pdctl() + " pid web ")).isEmpty();
        assertThat(complete(pdctl() + " show w")).containsExactly("web", "worker-1", "worker-2");
        // no daemon on that socket: no names, no noise
        assertThat(complete(daemon.pdctlPath() + " -s " + dir.resolve("none.sock") + " stop ")).isEmpty();
    }

    @Test
    void waitStatesCompleteInACommaList() throws Exception {
        assertThat(complete(pdctl() + " wait web --state ru")).containsExactly("running");
        assertThat(complete(pdctl() + " wait web --state running,fa")).containsExactly("running,fatal");
        assertThat(complete(pdctl() + " wait web --state=st")).containsExactly("starting", "stopped", "stopping");
    }

    @Test
    void zshCompletionParsesAndNamesEveryCommand() throws Exception {
        Path zshScript = daemon.prefix.resolve("share/zsh/site-functions/_pdctl");
        String text = Files.readString(zshScript);
        assertThat(text).startsWith("#compdef pdctl\n");
        for (String cmd : List.of("status", "start", "stop", "restart", "signal", "reload", "reopen-logs", "events",
                "logs", "show", "pid", "wait", "version", "shutdown", "help")) {
            assertThat(text).contains("'" + cmd + ":");
        }
        Run.Result r = Run.run(List.of(Run.tool("zsh", "zsh"), "-n", zshScript.toString()));
        assertThat(r.exit()).as(r.describe()).isZero();
    }
}
