package org.pdsup.procdesc;

import java.util.List;
import java.util.Optional;

/**
 * The system's user and group database (getpwnam(3), getgrnam(3), getgrouplist(3) through jnr-ffi, so NSS
 * sources such as LDAP count too). Used to validate {@code user}/{@code group} options and to authorise
 * control clients by group.
 */
public interface Accounts {

    record User(String name, int uid, int gid, String home) {}

    record Group(String name, int gid) {}

    static Accounts system() {
        return Backends.accounts();
    }

    Optional<User> userByName(String name);

    Optional<User> userById(int uid);

    Optional<Group> groupByName(String name);

    Optional<Group> groupById(int gid);

    /** Every group id {@code user} belongs to, its primary group {@code gid} included. */
    List<Integer> groupIdsOf(String user, int gid);
}
