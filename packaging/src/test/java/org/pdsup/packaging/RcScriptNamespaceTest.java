package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every variable rc.d/pdsupd (and the port's files/pdsupd.in) assigns stays out of the names rc.subr gives a meaning
 * to, unless the script means exactly that. Issue 16: the script set {@code pdsupd_program} for itself, and
 * run_rc_command took it as the override of {@code command}, so {@code service pdsupd start} ran pdsupd with
 * daemon(8)'s options instead of daemon(8).
 *
 * <p>Each assigned name must be one of: a variable rc.subr reads from the script ({@link #RC_SUBR_GLOBALS}), an
 * rc.conf knob documented in the script's header ({@code # pdsupd_X (type): ...}), a name rc.subr gives a meaning
 * used for that meaning ({@link #USED_FOR_ITS_MEANING}), environment for the launcher, or a private name starting
 * with {@code _pdsupd_}/{@code _pdctl_}. A {@code ${name}_*} name in {@link #RC_SUBR_NAME_SUFFIXES} fails unless the
 * script uses it for that meaning.
 */
class RcScriptNamespaceTest {
    private static final String NAME = "pdsupd";

    /**
     * Every {@code ${name}_SUFFIX} that rc.subr reads, from libexec/rc/rc.subr at freebsd-src commit
     * 0227451304a7af52d58867e140e06b64b4288958 (run_rc_command, _find_processes, _run_rc_offcmd, load_rc_config,
     * set_rcvar) and rc.subr(8) (share/man/man8/rc.subr.8 at 968bdbfdbe168bd9dd04befebfabc927be4af9cf). Names read
     * through {@code rcvar=${name}_enable}: {@code _enable}, {@code _enable_defval}, {@code _enable_desc}.
     */
    static final Set<String> RC_SUBR_NAME_SUFFIXES = Set.of(
            "program", "flags", "chdir", "chroot", "nice", "user", "group", "groups", "fib", "env", "env_file",
            "prepend", "login_class", "limits", "oomprotect", "setup", "umask", "cpuset", "offcmd",
            "svcj", "svcj_options", "svcj_ipaddrs",
            "enable", "enable_defval", "enable_desc");
    /** rc.subr also reads {@code ${name}_${verb}_svcj_enable} for every verb. */
    private static final Pattern RC_SUBR_NAME_PATTERN = Pattern.compile(NAME + "_[a-z]+_svcj_enable");

    /** The rc.subr names this script uses for exactly their rc.subr meaning, with what shows it. */
    static final Map<String, String> USED_FOR_ITS_MEANING = Map.of(
            "enable", "rcvar=pdsupd_enable",
            "flags", "command_args=\"${command_args} ${rc_flags}\"");

    /** Variables rc.subr(8) reads from an rc.d script (or lets a method change: rc_flags). */
    static final Set<String> RC_SUBR_GLOBALS = Set.of(
            "name", "rcvar", "desc", "command", "command_args", "command_interpreter", "pidfile", "procname",
            "extra_commands", "required_dirs", "required_files", "required_modules", "required_vars",
            "sig_stop", "sig_reload", "rc_flags");
    /** ARG_cmd, ARG_precmd, ARG_postcmd. */
    private static final Pattern METHOD_HOOK = Pattern.compile("[a-z]+_(cmd|precmd|postcmd)");

    /** Exported to the launcher (bin/pdsupd, bin/pdctl): its documented environment. */
    static final Set<String> LAUNCHER_ENVIRONMENT = Set.of("JAVA_HOME", "PDSUPD_JAVA_OPTS");

    private static final Pattern PRIVATE = Pattern.compile("_(pdsupd|pdctl)_[a-z_]+|_");
    private static final Pattern KNOB_DOC = Pattern.compile("(?m)^# (" + NAME + "_[a-z_]+) \\(");

    private static final Pattern PLAIN_ASSIGNMENT =
            Pattern.compile("(?m)^\\s*(?:export\\s+|local\\s+|readonly\\s+)?([A-Za-z_][A-Za-z0-9_]*)=");
    private static final Pattern DEFAULT_ASSIGNMENT = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):?=");
    private static final Pattern READ_ASSIGNMENT = Pattern.compile("(?m)\\bread\\s+(?:-r\\s+)?([A-Za-z_][A-Za-z0-9_ ]*)");
    private static final Pattern FOR_ASSIGNMENT = Pattern.compile("(?m)\\bfor\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+in\\b");

    /** Every variable name the script assigns: NAME=..., : "${NAME:=...}", read NAME..., for NAME in. */
    static Set<String> assignedVariables(String script) {
        StringBuilder code = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            if (!line.stripLeading().startsWith("#")) code.append(line).append('\n');
        }
        Set<String> names = new TreeSet<>();
        collect(PLAIN_ASSIGNMENT.matcher(code), names);
        collect(DEFAULT_ASSIGNMENT.matcher(code), names);
        collect(FOR_ASSIGNMENT.matcher(code), names);
        Matcher read = READ_ASSIGNMENT.matcher(code);
        while (read.find()) {
            for (String n : read.group(1).trim().split("\\s+")) names.add(n);
        }
        return names;
    }

    private static void collect(Matcher m, Set<String> into) {
        while (m.find()) into.add(m.group(1));
    }

    /** What is wrong with the script's variables: empty when every name is where it belongs. */
    static List<String> violations(String script) {
        Set<String> knobs = new TreeSet<>();
        Matcher doc = KNOB_DOC.matcher(script);
        while (doc.find()) knobs.add(doc.group(1));

        List<String> bad = new ArrayList<>();
        for (String v : assignedVariables(script)) {
            if (v.startsWith(NAME + "_")) {
                String suffix = v.substring(NAME.length() + 1);
                boolean reserved = RC_SUBR_NAME_SUFFIXES.contains(suffix) || RC_SUBR_NAME_PATTERN.matcher(v).matches();
                if (reserved && !USED_FOR_ITS_MEANING.containsKey(suffix)) {
                    bad.add(v + ": rc.subr gives ${name}_" + suffix + " a meaning the script does not intend");
                } else if (!reserved && !knobs.contains(v)) {
                    bad.add(v + ": a private variable in rc.subr's ${name}_* namespace (not a documented rc.conf"
                            + " knob): rename it _" + v);
                }
            } else if (RC_SUBR_GLOBALS.contains(v) || METHOD_HOOK.matcher(v).matches()
                    || LAUNCHER_ENVIRONMENT.contains(v) || PRIVATE.matcher(v).matches()) {
                continue;
            } else {
                bad.add(v + ": neither an rc.subr variable nor private (_pdsupd_*)");
            }
        }
        for (Map.Entry<String, String> e : USED_FOR_ITS_MEANING.entrySet()) {
            if (assignedVariables(script).contains(NAME + "_" + e.getKey()) && !script.contains(e.getValue())) {
                bad.add(NAME + "_" + e.getKey() + ": assigned, but the script no longer shows its rc.subr meaning ("
                        + e.getValue() + ")");
            }
        }
        return bad;
    }

    @ParameterizedTest
    @EnumSource(RcStandIn.Source.class)
    void noVariableOfTheScriptCollidesWithRcSubr(RcStandIn.Source source) throws Exception {
        String script = Files.readString(Build.repoFile(source.path));
        Set<String> assigned = assignedVariables(script);
        // the parser must see the script's variables of every kind, or the check below proves nothing
        assertThat(assigned).contains("name", "rcvar", "command", "command_args", "pidfile", "start_precmd",
                "pdsupd_enable", "pdsupd_config", "pdsupd_flags", "rc_flags", "JAVA_HOME");
        assertThat(violations(script)).as("variables of %s", source.path).isEmpty();
        assertThat(assigned.stream().filter(v -> v.startsWith("_pdsupd_"))).hasSizeGreaterThan(3);
    }

    @ParameterizedTest
    @EnumSource(RcStandIn.Source.class)
    void theCheckCatchesEachKindOfCollision(RcStandIn.Source source) throws Exception {
        String script = Files.readString(Build.repoFile(source.path));
        String tail = "\nrun_rc_command \"$1\"\n";
        assertThat(script).endsWith(tail);
        String head = script.substring(0, script.length() - tail.length());
        assertThat(violations(head + "\npdsupd_program=/usr/local/bin/pdsupd" + tail))
                .containsExactly("pdsupd_program: rc.subr gives ${name}_program a meaning the script does not intend");
        assertThat(violations(head + "\n: \"${pdsupd_user:=root}\"" + tail)).hasSize(1);
        assertThat(violations(head + "\npdsupd_start_svcj_enable=NO" + tail)).hasSize(1);
        assertThat(violations(head + "\npdsupd_rundir=/var/run/pdsupd" + tail))
                .containsExactly("pdsupd_rundir: a private variable in rc.subr's ${name}_* namespace (not a"
                        + " documented rc.conf knob): rename it _pdsupd_rundir");
        assertThat(violations(head + "\n\tread -r rc_pid _ </dev/null" + tail)).hasSize(1);
    }
}
