package org.pdsup.daemon.control;

import org.pdsup.protocol.Access;

/** What a connected peer may do, decided once per connection from its credentials. */
public enum Role {
    /** Every op. */
    ADMIN,
    /** The read-only ops: hello, status, events, logs, pid, wait, version. */
    READER,
    /** Nothing: every request is answered {@code forbidden}. */
    NONE;

    public boolean allows(Access access) {
        switch (this) {
            case ADMIN: return true;
            case READER: return access == Access.READ;
            default: return false;
        }
    }
}
