package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.Accounts;

/** The role decision, over a small user database (the database itself is procdesc's to test). */
class AuthorizerTest {
    /** alice (gid 100) is in wheel (0) and staff (20); bob (101) in operator (5); toor has uid 0. */
    private static final Accounts DB = new Accounts() {
        private final Map<String, User> users = Map.of(
                "alice", new User("alice", 1001, 100, "/home/alice"),
                "bob", new User("bob", 1002, 101, "/home/bob"),
                "carol", new User("carol", 1003, 102, "/home/carol"),
                "toor", new User("toor", 0, 0, "/root"));
        private final Map<String, Group> groups = Map.of("wheel", new Group("wheel", 0), "staff", new Group("staff", 20),
                "operator", new Group("operator", 5), "users", new Group("users", 100), "bobs", new Group("bobs", 101),
                "carols", new Group("carols", 102));

        @Override public Optional<User> userByName(String name) { return Optional.ofNullable(users.get(name)); }
        @Override public Optional<User> userById(int uid) { return users.values().stream().filter(u -> u.uid() == uid).findFirst(); }
        @Override public Optional<Group> groupByName(String name) { return Optional.ofNullable(groups.get(name)); }
        @Override public Optional<Group> groupById(int gid) { return groups.values().stream().filter(g -> g.gid() == gid).findFirst(); }

        @Override
        public List<Integer> groupIdsOf(String user, int gid) {
            switch (user) {
                case "alice": return List.of(gid, 0, 20);
                case "bob": return List.of(gid, 5);
                default: return List.of(gid);
            }
        }
    };

    private static Authorizer authorizer(Accounts accounts, Set<String> adminUsers, Set<String> adminGroups,
                                         Set<String> readerUsers, Set<String> readerGroups) {
        ControlServerSettings s = ControlServerSettings.defaults(Path.of("/tmp/x.sock"))
                .withRoles(adminUsers, adminGroups, readerUsers, readerGroups);
        return new Authorizer(s, accounts, "pdsup");
    }

    @Test
    void rootAndTheDaemonsOwnUserAreAlwaysAdmins() {
        Authorizer a = authorizer(DB, Set.of(), Set.of(), Set.of(), Set.of());
        assertThat(a.roleOf(new PeerIdentity("root", "wheel"))).isEqualTo(Role.ADMIN);
        assertThat(a.roleOf(new PeerIdentity("toor", "wheel"))).isEqualTo(Role.ADMIN);
        assertThat(a.roleOf(new PeerIdentity("pdsup", "pdsup"))).isEqualTo(Role.ADMIN);
        assertThat(a.roleOf(new PeerIdentity("carol", "carols"))).isEqualTo(Role.NONE);
        assertThat(a.roleOf(PeerIdentity.UNKNOWN)).isEqualTo(Role.NONE);
    }

    @Test
    void supplementaryGroupsFromTheUserDatabaseCount() {
        Authorizer a = authorizer(DB, Set.of(), Set.of("wheel"), Set.of(), Set.of("operator"));
        assertThat(a.roleOf(new PeerIdentity("alice", "users"))).isEqualTo(Role.ADMIN);
        assertThat(a.roleOf(new PeerIdentity("bob", "bobs"))).isEqualTo(Role.READER);
        assertThat(a.roleOf(new PeerIdentity("carol", "carols"))).isEqualTo(Role.NONE);
    }

    @Test
    void namedUsersAndThePeersPrimaryGroup() {
        Authorizer a = authorizer(DB, Set.of("carol"), Set.of(), Set.of("bob"), Set.of("carols"));
        assertThat(a.roleOf(new PeerIdentity("carol", "carols"))).isEqualTo(Role.ADMIN);
        assertThat(a.roleOf(new PeerIdentity("bob", "bobs"))).isEqualTo(Role.READER);
        Authorizer byPrimary = authorizer(DB, Set.of(), Set.of(), Set.of(), Set.of("carols"));
        assertThat(byPrimary.roleOf(new PeerIdentity("carol", "carols"))).isEqualTo(Role.READER);
        assertThat(byPrimary.roleOf(new PeerIdentity("alice", "users"))).isEqualTo(Role.NONE);
    }

    @Test
    void withoutAUserDatabaseOnlyNamesAndPrimaryGroupsMatch() {
        Authorizer a = authorizer(null, Set.of("alice"), Set.of("wheel"), Set.of(), Set.of("operator"));
        assertThat(a.roleOf(new PeerIdentity("alice", "users"))).isEqualTo(Role.ADMIN);
        assertThat(a.roleOf(new PeerIdentity("bob", "bobs"))).isEqualTo(Role.NONE);
        assertThat(a.roleOf(new PeerIdentity("dave", "operator"))).isEqualTo(Role.READER);
    }

    @Test
    void aFailingUserDatabaseGrantsNothingExtra() {
        Accounts broken = new Accounts() {
            @Override public Optional<User> userByName(String name) { throw new IllegalStateException("nss down"); }
            @Override public Optional<User> userById(int uid) { throw new IllegalStateException("nss down"); }
            @Override public Optional<Group> groupByName(String name) { throw new IllegalStateException("nss down"); }
            @Override public Optional<Group> groupById(int gid) { throw new IllegalStateException("nss down"); }
            @Override public List<Integer> groupIdsOf(String user, int gid) { throw new IllegalStateException("nss down"); }
        };
        Authorizer a = authorizer(broken, Set.of(), Set.of("wheel"), Set.of("bob"), Set.of());
        assertThat(a.roleOf(new PeerIdentity("alice", "users"))).isEqualTo(Role.NONE);
        assertThat(a.roleOf(new PeerIdentity("bob", "bobs"))).isEqualTo(Role.READER);
        assertThat(a.roleOf(new PeerIdentity("root", "root"))).isEqualTo(Role.ADMIN);
    }

    @Test
    void rolesAllowTheirOps() {
        assertThat(Role.READER.allows(org.pdsup.protocol.Access.READ)).isTrue();
        assertThat(Role.READER.allows(org.pdsup.protocol.Access.ADMIN)).isFalse();
        assertThat(Role.ADMIN.allows(org.pdsup.protocol.Access.ADMIN)).isTrue();
        assertThat(Role.NONE.allows(org.pdsup.protocol.Access.READ)).isFalse();
    }
}
