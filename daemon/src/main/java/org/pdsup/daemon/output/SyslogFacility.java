package org.pdsup.daemon.output;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Syslog facilities by name. The codes are the wire values of the syslog protocol (RFC 5424 section 6.2.1,
 * also RFC 3164 4.1.1), which both FreeBSD's and glibc's {@code <syslog.h>} use ({@code LOG_DAEMON = 3<<3} …).
 */
enum SyslogFacility {
    KERN(0), USER(1), MAIL(2), DAEMON(3), AUTH(4), SYSLOG(5), LPR(6), NEWS(7), UUCP(8), CRON(9), AUTHPRIV(10),
    FTP(11), NTP(12), SECURITY(13), CONSOLE(14),
    LOCAL0(16), LOCAL1(17), LOCAL2(18), LOCAL3(19), LOCAL4(20), LOCAL5(21), LOCAL6(22), LOCAL7(23);

    private final int code;

    SyslogFacility(int code) {
        this.code = code;
    }

    /** The facility number; the priority is {@code code * 8 + severity}. */
    int code() {
        return code;
    }

    /** "daemon", "local3" …; null or blank means {@link #DAEMON}. */
    static SyslogFacility parse(String name) {
        if (name == null || name.isBlank()) return DAEMON;
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("output.syslog-facility: unknown facility '" + name + "'; expected one of "
                    + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }
}
