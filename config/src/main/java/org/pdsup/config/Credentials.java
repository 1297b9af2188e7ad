package org.pdsup.config;

import java.util.List;
import java.util.Map;

/**
 * What the exec helper applies before exec: identity, umask, nice, resource limits, setsid. Null means "leave as
 * inherited from pdsupd".
 *
 * @param user     the configured user name (null when none, or when given as a number without a passwd entry)
 * @param uid      numeric user id, null when no {@code user} is configured
 * @param group    the configured group name, or the user's primary group name when only {@code user} is set
 * @param gid      numeric group id: the configured group's, else the user's primary group, else null
 * @param groupIds supplementary group ids: the configured {@code groups}; when {@code user} is set and
 *                 {@code groups} is not, the user's groups as the account database listed them at load time;
 *                 null (leave alone) when no user is set
 * @param rlimits  resource name ({@code nofile}, {@code nproc}, {@code core}, {@code as}, {@code data},
 *                 {@code stack}, {@code fsize}, {@code cpu}, {@code memlock}) -> limit; {@link Long#MAX_VALUE}
 *                 = infinity; bytes for the sizes, seconds for cpu
 * @param loginClass FreeBSD login class applied for the user ({@code login-class}): "" for the user's own class
 *                 (the default on FreeBSD when {@code user} has an account entry), null for none (no user, or
 *                 Linux, which has no login classes)
 */
public record Credentials(String user, Integer uid, String group, Integer gid, List<Integer> groupIds,
                          Integer umask, Integer nice, Map<String, Long> rlimits, boolean setsid, String loginClass) {

    /** Without a login class. */
    public Credentials(String user, Integer uid, String group, Integer gid, List<Integer> groupIds,
                       Integer umask, Integer nice, Map<String, Long> rlimits, boolean setsid) {
        this(user, uid, group, gid, groupIds, umask, nice, rlimits, setsid, null);
    }

    /** Resource-limit names, in the order they are documented. */
    public static final List<String> RLIMIT_NAMES =
            List.of("nofile", "nproc", "core", "as", "data", "stack", "fsize", "cpu", "memlock");

    public Credentials {
        groupIds = Copies.list(groupIds);
        rlimits = Copies.orderedMap(rlimits);
    }
}
