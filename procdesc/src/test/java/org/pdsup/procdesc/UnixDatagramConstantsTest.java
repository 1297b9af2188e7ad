package org.pdsup.procdesc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.freebsd.FreeBsdSocketConstants;
import org.pdsup.procdesc.linux.LinuxSocketConstants;

/**
 * Pins the per-system numbers of {@link UnixDatagram}. FreeBSD's are copied from the headers (sys/sys/socket.h,
 * sys/sys/un.h, sys/sys/errno.h, sys/sys/poll.h, read with the search tool), so a drift fails on Linux rather than
 * on a FreeBSD host. Linux's are compared with this machine's headers as CPython was compiled with them.
 */
class UnixDatagramConstantsTest {

    @Test
    void freeBsdNumbersAndSockaddrUnLayoutArePinned() {
        UnixDatagramConstants k = UnixDatagramConstants.forOs("FreeBSD");
        assertThat(k).isSameAs(FreeBsdSocketConstants.unixDatagramConstants());
        assertThat(k.afUnix()).isEqualTo(1);                    // sys/sys/socket.h
        assertThat(k.sockDgram()).isEqualTo(2);                 // sys/sys/socket.h
        assertThat(k.sockCloexec()).isEqualTo(0x10000000);      // sys/sys/socket.h
        assertThat(k.msgDontwait()).isEqualTo(0x80);            // sys/sys/socket.h
        assertThat(k.msgNosignal()).isEqualTo(0x20000);         // sys/sys/socket.h
        assertThat(k.pollOut()).isEqualTo((short) 0x4);         // sys/sys/poll.h
        assertThat(k.eIntr()).isEqualTo(4);
        assertThat(k.eAgain()).isEqualTo(35);
        assertThat(k.eNobufs()).isEqualTo(55);
        assertThat(k.eProtoType()).isEqualTo(41);
        // struct sockaddr_un { u_char sun_len; sa_family_t sun_family (u8); char sun_path[104]; }
        assertThat(k.sockaddr()).isEqualTo(new SockaddrUnLayout(0, 1, 1, 2, 104));
        assertThat(k.sockaddr().maxPathBytes()).isEqualTo(103);
        Map<String, Integer> errno = Map.ofEntries(Map.entry("ENOENT", 2), Map.entry("EACCES", 13),
                Map.entry("EAGAIN", 35), Map.entry("ENOTSOCK", 38), Map.entry("EDESTADDRREQ", 39),
                Map.entry("EMSGSIZE", 40), Map.entry("EPROTOTYPE", 41), Map.entry("EPROTONOSUPPORT", 43),
                Map.entry("EAFNOSUPPORT", 47), Map.entry("EADDRINUSE", 48), Map.entry("ECONNRESET", 54),
                Map.entry("ENOBUFS", 55), Map.entry("EISCONN", 56), Map.entry("ENOTCONN", 57),
                Map.entry("ECONNREFUSED", 61), Map.entry("ELOOP", 62), Map.entry("ENAMETOOLONG", 63));
        errno.forEach((name, value) -> assertThat(k.errnoName(value)).as(name).isEqualTo(name));
        assertThat(FreeBsdSocketConstants.ECONNREFUSED).isEqualTo(61);
        assertThat(FreeBsdSocketConstants.ENOTCONN).isEqualTo(57);
        assertThat(k.errnoName(999)).isEqualTo("errno 999");
    }

    @Test
    void freeBsdSockaddrUnBytes() {
        SockaddrUnLayout l = UnixDatagramConstants.forOs("FreeBSD").sockaddr();
        byte[] a = l.encode("/var/run/log".getBytes(StandardCharsets.US_ASCII), 1, "/var/run/log");
        assertThat(a).hasSize(2 + 12 + 1);
        assertThat(a[0]).as("sun_len").isEqualTo((byte) 15);
        assertThat(a[1]).as("sun_family").isEqualTo((byte) 1);
        assertThat(new String(a, 2, 12, StandardCharsets.US_ASCII)).isEqualTo("/var/run/log");
        assertThat(a[14]).isZero();
        assertThat(l.encode("a".repeat(103).getBytes(StandardCharsets.US_ASCII), 1, "p")).hasSize(106);
    }

    @Test
    void linuxSockaddrUnBytes() {
        SockaddrUnLayout l = UnixDatagramConstants.forOs("Linux").sockaddr();
        assertThat(l).isEqualTo(new SockaddrUnLayout(-1, 0, 2, 2, 108));
        byte[] a = l.encode("/dev/log".getBytes(StandardCharsets.US_ASCII), 1, "/dev/log");
        assertThat(a).hasSize(2 + 8 + 1);
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        assertThat(a[0]).isEqualTo((byte) (little ? 1 : 0));
        assertThat(a[1]).isEqualTo((byte) (little ? 0 : 1));
        assertThat(new String(a, 2, 8, StandardCharsets.US_ASCII)).isEqualTo("/dev/log");
        assertThat(a[10]).isZero();
    }

    @Test
    void badPathsAreRejectedWithTheirReason() {
        SockaddrUnLayout l = UnixDatagramConstants.forOs("FreeBSD").sockaddr();
        assertThatThrownBy(() -> l.encode("a".repeat(104).getBytes(StandardCharsets.US_ASCII), 1, "/long/path"))
                .hasMessageContaining("/long/path").hasMessageContaining("104 bytes long").hasMessageContaining("at most 103");
        assertThatThrownBy(() -> l.encode(new byte[0], 1, "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> l.encode(new byte[] {'a', 0, 'b'}, 1, "a?b")).hasMessageContaining("NUL");
    }

    @Test
    void otherSystemsAreUnsupported() {
        assertThatThrownBy(() -> UnixDatagramConstants.forOs("Mac OS X"))
                .isInstanceOf(UnsupportedPlatformException.class).hasMessageContaining("Mac OS X");
    }

    @Test
    void linuxNumbersMatchThisMachinesHeaders() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "needs Linux headers");
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "python3 reads the header values");
        UnixDatagramConstants k = UnixDatagramConstants.forOs("Linux");
        assertThat(k).isSameAs(UnixDatagramConstants.system()).isSameAs(LinuxSocketConstants.unixDatagramConstants());
        Map<Integer, String> names = k.errnoNames();
        StringBuilder script = new StringBuilder("import socket, select, errno\n"
                + "for n in ['AF_UNIX','SOCK_DGRAM','SOCK_CLOEXEC','MSG_DONTWAIT','MSG_NOSIGNAL']: print(n, getattr(socket, n))\n"
                + "print('POLLOUT', select.POLLOUT)\n");
        for (String n : names.values()) script.append("print('").append(n).append("', errno.").append(n).append(")\n");
        Process p = new ProcessBuilder(python.toString(), "-c", script.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start(); // no stdin pipe to leak
        Map<String, Integer> header = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String l; (l = in.readLine()) != null; ) {
                String[] f = l.split(" ");
                assertThat(f).as(l).hasSize(2);
                header.put(f[0], Integer.parseInt(f[1]));
            }
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(k.afUnix()).isEqualTo(header.get("AF_UNIX"));
        assertThat(k.sockDgram()).isEqualTo(header.get("SOCK_DGRAM"));
        assertThat(k.sockCloexec()).isEqualTo(header.get("SOCK_CLOEXEC")).isEqualTo(0x80000);
        assertThat(k.msgDontwait()).isEqualTo(header.get("MSG_DONTWAIT")).isEqualTo(0x40);
        assertThat(k.msgNosignal()).isEqualTo(header.get("MSG_NOSIGNAL"));
        assertThat((int) k.pollOut()).isEqualTo(header.get("POLLOUT"));
        names.forEach((value, name) -> assertThat(value).as(name).isEqualTo(header.get(name)));
        assertThat(header.get("ECONNREFUSED")).isEqualTo(k.errnoNames().entrySet().stream()
                .filter(e -> e.getValue().equals("ECONNREFUSED")).findFirst().orElseThrow().getKey());
        assertThat(names.get(k.eAgain())).isEqualTo("EAGAIN");
        assertThat(names.get(k.eNobufs())).isEqualTo("ENOBUFS");
        assertThat(names.get(k.eProtoType())).isEqualTo("EPROTOTYPE");
        assertThat(names.get(k.eIntr())).isEqualTo("EINTR");
    }
}
