package org.pdsup.procdesc.freebsd;

/**
 * {@code struct group} of {@code include/grp.h}, LP64:
 * {@code char *gr_name 0; char *gr_passwd 8; gid_t gr_gid 16; char **gr_mem 24; sizeof 32}.
 */
public final class GroupLayout {
    private GroupLayout() {}

    public static final int GR_NAME = 0;
    public static final int GR_PASSWD = 8;
    public static final int GR_GID = 16;
    public static final int GR_MEM = 24;
    public static final int SIZE = 32;
}
