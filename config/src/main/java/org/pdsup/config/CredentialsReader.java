package org.pdsup.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import org.pdsup.procdesc.Accounts;

/**
 * Reads {@code user}, {@code group}, {@code groups}, {@code umask}, {@code nice}, {@code rlimits} and
 * {@code setsid} of a service, resolving names through {@link Accounts}. A user or group may be a name or a
 * numeric id; a numeric id need not have an entry in the account database.
 */
final class CredentialsReader {
    private final Accounts accounts;
    private final boolean loginClasses;

    /** @param loginClasses whether this system has login classes (login.conf(5): FreeBSD) */
    CredentialsReader(Accounts accounts, boolean loginClasses) {
        this.accounts = accounts;
        this.loginClasses = loginClasses;
    }

    /** A user as configured: the numeric id and, when the database has it, the entry. */
    private record UserRef(String name, int uid, Optional<Accounts.User> entry) {}

    private record GroupRef(String name, int gid) {}

    Credentials read(Scope s) {
        boolean ok = true;
        UserRef user = null;
        String userText = s.nonEmptyString("user", true);
        if (userText != null) {
            user = user(userText);
            if (user == null) {
                s.error("user", "unknown user \"" + userText + "\"");
                ok = false;
            }
        }
        GroupRef group = null;
        String groupText = s.nonEmptyString("group", true);
        if (groupText != null) {
            group = group(groupText);
            if (group == null) {
                s.error("group", "unknown group \"" + groupText + "\"");
                ok = false;
            }
        }
        List<Integer> groups = supplementaryGroups(s);
        ok &= groups != null || isNull(s, "groups");
        Integer umask = s.octal("umask", 0777, true, "022");
        ok &= umask != null || isNull(s, "umask");
        Integer nice = s.optionalInt("nice", -20, 19);
        ok &= nice != null || isNull(s, "nice");
        Map<String, Long> rlimits = rlimits(s);
        Boolean setsid = s.bool("setsid");
        String loginClass = s.nonEmptyString("login-class", true);
        if (loginClass != null) {
            if (!loginClasses) {
                s.error("login-class", "login classes are a FreeBSD feature (login.conf(5)); this system has none,"
                        + " so the class's limits would silently not apply: remove login-class and set rlimits,"
                        + " nice and umask instead");
                ok = false;
            } else if (user == null || user.entry().isEmpty()) {
                s.error("login-class", "login-class needs user, with an entry in the account database (a login"
                        + " class is applied for the user the service runs as)");
                ok = false;
            } else if (!loginClass.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                s.error("login-class", "\"" + loginClass + "\" is not a login class name (letters, digits, _ . -)");
                ok = false;
            }
        }

        Integer gid = group != null ? Integer.valueOf(group.gid())
                : user != null && user.entry().isPresent() ? Integer.valueOf(user.entry().get().gid()) : null;
        if (user != null && gid == null && groupText == null) {
            s.error("user", "user " + user.uid() + " has no entry in the account database, so its group is"
                    + " unknown: set group as well");
            ok = false;
        }
        if (groups != null && userText == null && !isNull(s, "groups")) {
            s.conflict("groups", "groups needs user (supplementary groups belong to the user the service runs as)",
                    "groups");
        }
        if (!ok || rlimits == null || setsid == null) return null;

        List<Integer> groupIds = groups;
        if (groupIds == null && user != null) {
            groupIds = user.entry().isPresent() ? accounts.groupIdsOf(user.entry().get().name(), gid) : List.of(gid);
        }
        String groupName = group != null ? group.name()
                : gid == null ? null : accounts.groupById(gid).map(Accounts.Group::name).orElse(null);
        // FreeBSD: like daemon(8) -u, a user's own class applies unless another is named; "" asks for the user's
        String appliedClass = loginClasses && user != null && user.entry().isPresent()
                ? (loginClass == null ? "" : loginClass) : null;
        return new Credentials(user == null ? null : user.name(), user == null ? null : user.uid(), groupName, gid,
                groupIds, umask, nice, rlimits, setsid, appliedClass);
    }

    private static boolean isNull(Scope s, String key) {
        ConfigValue v = s.value(key);
        return v == null || v.valueType() == ConfigValueType.NULL;
    }

    private UserRef user(String text) {
        if (text.matches("\\d{1,10}")) {
            long id = Long.parseLong(text);
            if (id > Integer.MAX_VALUE) return null;
            Optional<Accounts.User> entry = accounts.userById((int) id);
            return new UserRef(entry.map(Accounts.User::name).orElse(null), (int) id, entry);
        }
        return accounts.userByName(text).map(u -> new UserRef(u.name(), u.uid(), Optional.of(u))).orElse(null);
    }

    private GroupRef group(String text) {
        if (text.matches("\\d{1,10}")) {
            long id = Long.parseLong(text);
            if (id > Integer.MAX_VALUE) return null;
            return new GroupRef(accounts.groupById((int) id).map(Accounts.Group::name).orElse(null), (int) id);
        }
        return accounts.groupByName(text).map(g -> new GroupRef(g.name(), g.gid())).orElse(null);
    }

    /** {@code groups}: null when not configured (or wrong; then an error is recorded). */
    private List<Integer> supplementaryGroups(Scope s) {
        if (isNull(s, "groups")) return null;
        List<String> names = s.stringList("groups");
        if (names == null) return null;
        List<Integer> ids = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < names.size(); i++) {
            GroupRef g = group(names.get(i));
            if (g == null) {
                ok = false;
                ConfigValue item = ((List<?>) s.value("groups")).get(i) instanceof ConfigValue cv ? cv : null;
                s.problems().add(item != null && SourceNames.isUser(item.origin()) ? item.origin() : s.origin("groups"),
                        s.path("groups") + "[" + i + "]", "unknown group \"" + names.get(i) + "\"");
            } else if (!ids.contains(g.gid())) {
                ids.add(g.gid());
            }
        }
        return ok ? ids : null;
    }

    /** {@code rlimits}: each set limit, as a number, {@code infinity}, a size (bytes) or a duration (cpu). */
    private Map<String, Long> rlimits(Scope s) {
        ConfigObject obj = s.object("rlimits");
        if (obj == null) return isNull(s, "rlimits") ? Map.of() : null;
        Map<String, Long> limits = new LinkedHashMap<>();
        boolean ok = true;
        for (String name : Credentials.RLIMIT_NAMES) {
            String key = "rlimits." + name;
            ConfigValue v = s.value(key);
            if (v == null || v.valueType() == ConfigValueType.NULL) continue;
            Long limit = limit(s, key, name, v);
            if (limit == null) {
                ok = false;
            } else {
                limits.put(name, limit);
            }
        }
        return ok ? limits : null;
    }

    private static Long limit(Scope s, String key, String name, ConfigValue v) {
        if (v.valueType() == ConfigValueType.STRING) {
            String text = ((String) v.unwrapped()).trim();
            if (text.equalsIgnoreCase("infinity") || text.equalsIgnoreCase("unlimited")) return Long.MAX_VALUE;
            if (text.matches("\\d+")) return Scope.toLong(v);
            if (name.equals("cpu")) {
                var d = s.durationValue(key, v, true);
                return d == null ? null : d.getSeconds();
            }
            if (!name.equals("nofile") && !name.equals("nproc")) return s.bytesValue(key, v, 0, Long.MAX_VALUE - 1);
            s.error(key, "expected a number or infinity, got " + Scope.describe(v));
            return null;
        }
        if (v.valueType() == ConfigValueType.NUMBER) {
            Long n = Scope.toLong(v);
            if (n == null || n < 0) {
                s.error(key, "must be a whole number of at least 0 or infinity, got " + v.unwrapped());
                return null;
            }
            return n;
        }
        s.error(key, "expected a number or infinity, got " + Scope.describe(v));
        return null;
    }
}
