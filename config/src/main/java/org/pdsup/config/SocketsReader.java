package org.pdsup.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import org.pdsup.procdesc.Accounts;

/**
 * Reads {@code services.NAME.sockets}: a list of {@code { listen = "...", name, mode, owner, group, backlog }}
 * objects (see {@link ListenSocket}). Every problem names the item ({@code services.web.sockets[1].listen}).
 */
final class SocketsReader {
    static final String KEY = "sockets";
    private static final List<String> ITEM_KEYS = List.of("listen", "name", "mode", "owner", "group", "backlog");

    private final Accounts accounts;

    SocketsReader(Accounts accounts) {
        this.accounts = accounts;
    }

    /** The sockets (empty when none), or null after recording errors. */
    List<ListenSocket> read(Scope s, String serviceName) {
        List<? extends ConfigValue> items = s.list(KEY, "a list of sockets such as [ { listen = \"tcp:127.0.0.1:8080\" } ]");
        if (items == null) return null;
        List<ListenSocket> out = new ArrayList<>();
        boolean ok = true;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            ConfigValue item = items.get(i);
            Item at = new Item(s, s.path(KEY) + "[" + i + "]", SourceNames.isUser(item.origin()) ? item.origin()
                    : s.origin(KEY));
            if (item.valueType() != ConfigValueType.OBJECT) {
                at.error("", "expected an object such as { listen = \"tcp:127.0.0.1:8080\" }, got " + Scope.describe(item));
                ok = false;
                continue;
            }
            ListenSocket sock = item((ConfigObject) item, at, serviceName);
            if (sock == null) {
                ok = false;
            } else if (!seen.add(sock.isUnix() ? "unix:" + sock.path() : "tcp:" + sock.address().getHostAddress()
                    + ":" + sock.port())) {
                at.error(".listen", "\"" + sock.listen() + "\" is listed twice");
                ok = false;
            } else {
                out.add(sock);
            }
        }
        return ok ? out : null;
    }

    /** Where an item is: its path and origin, for errors. */
    private record Item(Scope scope, String path, ConfigOrigin origin) {
        void error(String suffix, String message) {
            scope.problems().add(origin, path + suffix, message);
        }
    }

    private ListenSocket item(ConfigObject o, Item at, String serviceName) {
        boolean ok = true;
        for (String k : new TreeSet<>(o.keySet())) {
            if (!ITEM_KEYS.contains(k)) {
                String hint = EditDistance.suggest(k, ITEM_KEYS).map(x -> "did you mean \"" + x + "\"? ").orElse("");
                at.error("." + k, "unknown key (" + hint + "a socket has " + Scope.orList(ITEM_KEYS) + ")");
                ok = false;
            }
        }
        String listen = string(o, "listen", at);
        if (listen == null) {
            if (o.get("listen") == null) at.error("", "missing listen (e.g. listen = \"tcp:127.0.0.1:8080\" or"
                    + " listen = \"unix:/var/run/web.sock\")");
            return null;
        }
        String name = o.get("name") == null ? serviceName : string(o, "name", at);
        if (name == null) return null;
        if (name.isEmpty() || name.length() > 255 || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            at.error(".name", "\"" + name + "\" is not a descriptor name (1 to 255 printable ASCII characters,"
                    + " without spaces or ':', which separates names in LISTEN_FDNAMES)");
            ok = false;
        }
        Integer backlog = ListenSocket.DEFAULT_BACKLOG;
        if (o.get("backlog") != null) {
            Long n = Scope.toLong(o.get("backlog"));
            if (n == null || n < 1 || n > 65535) {
                at.error(".backlog", "expected an integer between 1 and 65535, got " + Scope.describe(o.get("backlog")));
                ok = false;
            } else {
                backlog = n.intValue();
            }
        }
        if (listen.startsWith("unix:")) {
            Path path = unixPath(listen, at);
            Integer mode = mode(o, at);
            Integer uid = id(o, "owner", at, true);
            Integer gid = id(o, "group", at, false);
            if (path == null || (o.get("mode") != null && mode == null) || (o.get("owner") != null && uid == null)
                    || (o.get("group") != null && gid == null) || !ok) return null;
            return new ListenSocket(listen, name, null, 0, path, mode == null ? ListenSocket.DEFAULT_MODE : mode,
                    uid, gid, backlog);
        }
        for (String unixOnly : List.of("mode", "owner", "group")) {
            if (o.get(unixOnly) != null) {
                at.error("." + unixOnly, unixOnly + " applies to a Unix socket's file only (listen = \"unix:/path\")");
                ok = false;
            }
        }
        if (!listen.startsWith("tcp:")) {
            at.error(".listen", "\"" + listen + "\" is not tcp:ADDRESS:PORT (tcp:127.0.0.1:8080, tcp:[::1]:8080,"
                    + " tcp:0.0.0.0:80) or unix:/absolute/path");
            return null;
        }
        String rest = listen.substring(4);
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') return badTcp(listen, at);
            host = rest.substring(1, close);
            port = rest.substring(close + 2);
            if (!host.matches("[0-9A-Fa-f:.]+") || !host.contains(":")) return badTcp(listen, at);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) return badTcp(listen, at);
            host = rest.substring(0, colon);
            port = rest.substring(colon + 1);
            if (!host.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) return badTcp(listen, at);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host); // a literal: parsed, never looked up
        } catch (UnknownHostException | SecurityException e) {
            return badTcp(listen, at);
        }
        int p;
        if (!port.matches("\\d{1,5}") || (p = Integer.parseInt(port)) < 1 || p > 65535) {
            at.error(".listen", "\"" + listen + "\": the port must be between 1 and 65535, got \"" + port + "\"");
            return null;
        }
        return ok ? new ListenSocket(listen, name, address, p, null, null, null, null, backlog) : null;
    }

    private static ListenSocket badTcp(String listen, Item at) {
        at.error(".listen", "\"" + listen + "\": expected tcp:ADDRESS:PORT with an IPv4 address (127.0.0.1, 0.0.0.0)"
                + " or an IPv6 address in brackets ([::1], [::]); host names are not resolved");
        return null;
    }

    private static Path unixPath(String listen, Item at) {
        String text = listen.substring(5);
        if (text.isEmpty() || !text.startsWith("/")) {
            at.error(".listen", "\"" + listen + "\": the socket path must be absolute (unix:/var/run/web.sock)");
            return null;
        }
        // sockaddr_un.sun_path holds 104 bytes with its NUL on FreeBSD (sys/un.h), 108 on Linux: the smaller wins
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 103 || text.indexOf('\0') >= 0) {
            at.error(".listen", "\"" + listen + "\": a Unix socket path holds at most 103 bytes (struct sockaddr_un)");
            return null;
        }
        Path p = Path.of(text).normalize();
        if (p.getParent() == null) {
            at.error(".listen", "\"" + listen + "\": the socket needs a directory to live in");
            return null;
        }
        return p;
    }

    private static String string(ConfigObject o, String key, Item at) {
        ConfigValue v = o.get(key);
        if (v == null) return null;
        if (v.valueType() != ConfigValueType.STRING) {
            at.error("." + key, "expected a string, got " + Scope.describe(v));
            return null;
        }
        return ((String) v.unwrapped()).trim();
    }

    private static Integer mode(ConfigObject o, Item at) {
        ConfigValue v = o.get("mode");
        if (v == null) return null;
        if (v.valueType() != ConfigValueType.STRING) {
            at.error(".mode", "write the octal mode as a quoted string, e.g. \"0660\" (an unquoted number loses its"
                    + " leading zero)");
            return null;
        }
        String s = ((String) v.unwrapped()).trim();
        if (!s.matches("[0-7]{1,4}") || Integer.parseInt(s, 8) > 0777) {
            at.error(".mode", "must be an octal mode between 0 and 777, got \"" + s + "\"");
            return null;
        }
        return Integer.parseInt(s, 8);
    }

    private Integer id(ConfigObject o, String key, Item at, boolean user) {
        String text = string(o, key, at);
        if (text == null) return null;
        if (text.matches("\\d{1,9}")) return Integer.parseInt(text);
        Optional<Integer> id = user ? accounts.userByName(text).map(Accounts.User::uid)
                : accounts.groupByName(text).map(Accounts.Group::gid);
        if (id.isEmpty()) at.error("." + key, "no such " + (user ? "user" : "group") + " \"" + text + "\"");
        return id.orElse(null);
    }

    /**
     * The descriptors the sockets take (3, 4, …) must not be inherit-fds or the notify-fd readiness descriptor,
     * a persistent service cannot have them (they live in pdsupd, which it outlives), and no two services listen
     * at the same place.
     */
    static void checkRules(Scope s, List<ListenSocket> sockets, List<Integer> inheritFds, Integer readyFd,
                           Boolean persist) {
        if (sockets == null || sockets.isEmpty()) return;
        int last = 3 + sockets.size() - 1;
        if (inheritFds != null) {
            for (int fd : inheritFds) {
                if (fd <= last) {
                    s.conflict(KEY, "descriptor " + fd + " of inherit-fds is taken by sockets (which are passed as"
                            + " descriptors 3 to " + last + ")", "inherit-fds", KEY);
                }
            }
        }
        if (readyFd != null && readyFd >= 3 && readyFd <= last) {
            s.conflict("ready.fd", "ready.fd = " + readyFd + " is taken by sockets (passed as descriptors 3 to " + last
                    + "): set ready.fd to " + (last + 1) + " or more", "ready.fd", "ready", KEY);
        }
        if (Boolean.TRUE.equals(persist)) {
            s.conflict(KEY, "sockets cannot apply to persist = true (pdsupd holds the sockets, and a persistent"
                    + " service outlives pdsupd)", "persist", KEY);
        }
    }

    /** No two services listen at the same address or path. */
    static void checkAcrossServices(Map<String, ServiceConfig> services, Problems problems) {
        Map<String, String> owner = new java.util.HashMap<>();
        for (ServiceConfig sc : services.values()) {
            for (ListenSocket sock : sc.sockets()) {
                String where = sock.isUnix() ? "unix:" + sock.path()
                        : "tcp:" + sock.address().getHostAddress() + ":" + sock.port();
                String first = owner.putIfAbsent(where, sc.name());
                if (first != null) {
                    problems.add(sc.origin().file(), sc.origin().line(), "services." + sc.name() + "." + KEY,
                            "\"" + sock.listen() + "\" is also a socket of service " + first + " (two services cannot"
                                    + " listen at the same place)");
                }
            }
        }
    }
}
