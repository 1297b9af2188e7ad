package org.pdsup.protocol;

/** The role an op requires: readers may query and stream, admins may also change state. */
public enum Access {
    READ,
    ADMIN
}
