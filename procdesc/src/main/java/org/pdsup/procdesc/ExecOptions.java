package org.pdsup.procdesc;

import java.util.List;
import java.util.Map;

/**
 * What posix_spawn cannot do, applied by the exec helper ({@code pdsup-exec}) in the child before it execs
 * the service, in this fixed order: setsid, rlimits, nice, umask, groups, gid, uid, parent-death signal.
 * Null / empty means "leave as inherited".
 *
 * @param uid     numeric user id, or null
 * @param gid     numeric group id, or null
 * @param groups  supplementary group ids, or null to leave them alone (an empty list clears them)
 * @param umask   file mode creation mask, or null
 * @param nice    nice increment, or null
 * @param rlimits resource name ({@code nofile}, {@code nproc}, {@code core}, {@code as}, {@code data},
 *                {@code stack}, {@code fsize}, {@code cpu}, {@code memlock}) -> limit (soft = hard;
 *                {@link Long#MAX_VALUE} = unlimited)
 * @param setsid  make the child a session (and process group) leader
 * @param loginClass FreeBSD login class (login.conf(5)) applied for {@code uid} with setusercontext(3) before
 *                the limits, nice and umask above: null for none, "" for the user's own class. Needs
 *                {@code uid}. The Linux backend refuses a non-null class (Linux has no login classes).
 */
public record ExecOptions(Integer uid, Integer gid, List<Integer> groups, Integer umask, Integer nice,
                          Map<String, Long> rlimits, boolean setsid, String loginClass) {

    public static final ExecOptions NONE = new ExecOptions(null, null, null, null, null, Map.of(), false);

    public ExecOptions {
        groups = groups == null ? null : List.copyOf(groups);
        rlimits = Map.copyOf(rlimits == null ? Map.of() : rlimits);
        if (loginClass != null && uid == null) throw new IllegalArgumentException("a login class needs a user id");
    }

    /** Without a login class. */
    public ExecOptions(Integer uid, Integer gid, List<Integer> groups, Integer umask, Integer nice,
                       Map<String, Long> rlimits, boolean setsid) {
        this(uid, gid, groups, umask, nice, rlimits, setsid, null);
    }

    public ExecOptions withSetsid(boolean s) {
        return new ExecOptions(uid, gid, groups, umask, nice, rlimits, s, loginClass);
    }
}
