package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@link ForkServerRequest}: the bytes of a request, encoded into reused buffers, are those of the layout in
 * pdsup-forkserver.c built from scratch: after a larger request, after a smaller one, with non-ASCII text.
 */
class ForkServerRequestTest {
    private static final int MAGIC = 0x50444653;

    /** The layout, written plainly: header, targets, NUL-terminated argv, "KEY=VALUE" environment, directory. */
    private static byte[] reference(List<String> argv, Map<String, String> env, String dir, int nfds, int[] targets) {
        List<byte[]> strings = new ArrayList<>();
        for (String a : argv) strings.add(a.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> e : env.entrySet()) {
            strings.add((e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8));
        }
        if (dir != null) strings.add(dir.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer t = ByteBuffer.allocate(4 * targets.length).order(ByteOrder.nativeOrder());
        for (int x : targets) t.putInt(x);
        body.writeBytes(t.array());
        for (byte[] s : strings) {
            body.writeBytes(s);
            body.write(0);
        }
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
        h.putInt(MAGIC).putInt(body.size()).putInt(nfds).putInt(argv.size()).putInt(env.size())
                .putInt(dir == null ? 0 : 1);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(h.array());
        all.writeBytes(body.toByteArray());
        return all.toByteArray();
    }

    private static void check(ForkServerRequest r, List<String> argv, Map<String, String> env, String dir,
                              int[] targets) {
        r.encode(MAGIC, argv, env, dir, targets.length, targets);
        byte[] expected = reference(argv, env, dir, targets.length, targets);
        assertThat(r.bytes()).isEqualTo(expected);
        assertThat(r.length()).isEqualTo(expected.length);
        byte[] inNative = new byte[r.length()];
        r.data().get(0, inNative, 0, inNative.length);
        assertThat(inNative).as("the native copy").isEqualTo(expected);
    }

    @Test
    void reusedBuffersHoldExactlyEachRequest() {
        ForkServerRequest r = new ForkServerRequest();
        Map<String, String> big = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) big.put("VARIABLE_" + i, "value-" + "x".repeat(i)); // past the first buffer
        check(r, List.of("/usr/libexec/pdsup-exec", "-S", "5", "--", "/bin/svc", "svc", "long argument"), big,
                "/var/lib/svc", new int[] {0, 1, 2, 3, 5});
        check(r, List.of("/x", "--", "/bin/true"), Map.of("A", "1"), null, new int[] {5});
        check(r, List.of("/x"), Map.of(), null, new int[] {});
    }

    @Test
    void nonAsciiTextIsUtf8() {
        ForkServerRequest r = new ForkServerRequest();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NAME", "caf\u00e9 \u2603 \ud83d\ude00");
        env.put("\u00c9T\u00c9", "plain");
        env.put("LAST", "");
        check(r, List.of("/x", "--", "/bin/\u00e9cho", "\u00e9"), env, "/tmp/r\u00e9p", new int[] {1, 7});
        check(r, List.of("/x", "--", "/bin/echo", "ascii again"), Map.of("K", "v"), "/", new int[] {3});
    }
}
