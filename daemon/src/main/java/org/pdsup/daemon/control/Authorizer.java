package org.pdsup.daemon.control;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.pdsup.procdesc.Accounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a peer's {@link Role}: root (uid 0) and the daemon's own user are always admins; then the
 * configured admin users and members of the admin groups; then the readers likewise. Group membership is the
 * user database's (primary and supplementary groups, through {@link Accounts}), plus the peer's own primary
 * group as the kernel reports it. Thread-safe.
 */
final class Authorizer {
    private static final Logger log = LoggerFactory.getLogger(Authorizer.class);

    private final ControlServerSettings settings;
    private final Accounts accounts;
    private final String daemonUser;
    private final Set<Integer> adminGids;
    private final Set<Integer> readerGids;
    private volatile boolean accountsFailureLogged;

    /** @param accounts the user database, or null when there is none (group names then match only the primary group) */
    Authorizer(ControlServerSettings settings, Accounts accounts, String daemonUser) {
        this.settings = settings;
        this.accounts = accounts;
        this.daemonUser = daemonUser;
        this.adminGids = gidsOf(settings.adminGroups(), "admin");
        this.readerGids = gidsOf(settings.readerGroups(), "reader");
    }

    Role roleOf(PeerIdentity peer) {
        if (!peer.known()) return Role.NONE;
        String user = peer.user();
        if (user.equals("root") || user.equals("0") || user.equals(daemonUser) || isUid0(user)) return Role.ADMIN;
        if (settings.adminUsers().contains(user)) return Role.ADMIN;
        Set<Integer> gids = null;
        if (!settings.adminGroups().isEmpty()) {
            if (settings.adminGroups().contains(peer.group())) return Role.ADMIN;
            gids = groupIdsOf(peer);
            if (intersects(gids, adminGids)) return Role.ADMIN;
        }
        if (settings.readerUsers().contains(user)) return Role.READER;
        if (!settings.readerGroups().isEmpty()) {
            if (settings.readerGroups().contains(peer.group())) return Role.READER;
            if (gids == null) gids = groupIdsOf(peer);
            if (intersects(gids, readerGids)) return Role.READER;
        }
        return Role.NONE;
    }

    private boolean isUid0(String user) {
        if (accounts == null) return false;
        try {
            Optional<Accounts.User> u = accounts.userByName(user);
            return u.isPresent() && u.get().uid() == 0;
        } catch (RuntimeException e) {
            accountsFailed(e);
            return false;
        }
    }

    private Set<Integer> groupIdsOf(PeerIdentity peer) {
        Set<Integer> gids = new HashSet<>();
        if (accounts == null) return gids;
        try {
            Optional<Accounts.User> u = accounts.userByName(peer.user());
            if (u.isPresent()) gids.addAll(accounts.groupIdsOf(peer.user(), u.get().gid()));
            if (peer.group() != null) accounts.groupByName(peer.group()).ifPresent(g -> gids.add(g.gid()));
        } catch (RuntimeException e) {
            accountsFailed(e);
        }
        return gids;
    }

    private Set<Integer> gidsOf(Set<String> groups, String role) {
        Set<Integer> out = new HashSet<>();
        if (groups.isEmpty() || accounts == null) return out;
        for (String g : groups) {
            try {
                Optional<Accounts.Group> group = accounts.groupByName(g);
                if (group.isPresent()) out.add(group.get().gid());
                else log.warn("control: {} group '{}' does not exist; it grants nothing", role, g);
            } catch (RuntimeException e) {
                accountsFailed(e);
                break;
            }
        }
        return out;
    }

    private static boolean intersects(Set<Integer> a, Set<Integer> b) {
        for (Integer x : a) {
            if (b.contains(x)) return true;
        }
        return false;
    }

    private void accountsFailed(RuntimeException e) {
        if (!accountsFailureLogged) {
            accountsFailureLogged = true;
            log.warn("control: cannot read the user database ({}); group membership counts only the peer's primary group",
                    e.getMessage());
        }
    }

    /** The groups of the configured roles, for the start-up log line. */
    List<String> describe() {
        return List.of("admins: users " + settings.adminUsers() + ", groups " + settings.adminGroups(),
                "readers: users " + settings.readerUsers() + ", groups " + settings.readerGroups());
    }
}
