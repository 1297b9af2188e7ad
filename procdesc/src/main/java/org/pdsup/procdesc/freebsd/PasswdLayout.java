package org.pdsup.procdesc.freebsd;

/**
 * FreeBSD {@code struct passwd} of {@code include/pwd.h}, LP64 (differs from glibc from {@code pw_gecos} on:
 * FreeBSD has {@code pw_change} and {@code pw_class} before it).
 * <pre>
 * char *pw_name 0; char *pw_passwd 8; uid_t pw_uid 16; gid_t pw_gid 20; time_t pw_change 24;
 * char *pw_class 32; char *pw_gecos 40; char *pw_dir 48; char *pw_shell 56; time_t pw_expire 64;
 * int pw_fields 72; sizeof 80
 * </pre>
 */
public final class PasswdLayout {
    private PasswdLayout() {}

    public static final int PW_NAME = 0;
    public static final int PW_PASSWD = 8;
    public static final int PW_UID = 16;
    public static final int PW_GID = 20;
    public static final int PW_CHANGE = 24;
    public static final int PW_CLASS = 32;
    public static final int PW_GECOS = 40;
    public static final int PW_DIR = 48;
    public static final int PW_SHELL = 56;
    public static final int PW_EXPIRE = 64;
    public static final int PW_FIELDS = 72;
    public static final int SIZE = 80;
}
