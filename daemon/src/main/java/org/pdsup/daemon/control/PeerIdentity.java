package org.pdsup.daemon.control;

/**
 * Who is on the other end of a control connection, as the kernel reports it (SO_PEERCRED on Linux,
 * LOCAL_PEERCRED on FreeBSD, through the JDK): user and primary group names, which the JDK gives as the
 * numeric id when there is no name for it.
 */
public record PeerIdentity(String user, String group) {

    /** Used when the credentials cannot be read; such a peer gets no role. */
    public static final PeerIdentity UNKNOWN = new PeerIdentity(null, null);

    public boolean known() {
        return user != null;
    }

    @Override
    public String toString() {
        return known() ? "user " + user + " (group " + group + ")" : "an unidentified peer";
    }
}
