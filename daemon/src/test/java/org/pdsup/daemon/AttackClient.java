package org.pdsup.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hostile control client, run as another user by {@link HostileClientsTest} (JDK only, so its class files
 * alone suffice). It takes one command a line on standard input and answers one line "ok ..." when the
 * attack is in place; connections stay open until "release". Commands:
 * <pre>
 *   flood CONNS REQUEST...   open CONNS connections, send each REQUEST (a JSON line) on each, never read
 *   slots N                  open N connections; report how many answer version ok / were refused (codes)
 *   pipeline N REQUEST       one connection: send REQUEST N times, then read the N answers; report codes
 *   trickle N                N connections send '{"op"' then one byte every 200 ms, never a newline
 *   await-closed             wait until every held connection was closed by pdsupd; report the codes seen
 *   half-open N REQUEST      N connections send REQUEST (a literal \n in it: a newline) and shut down their
 *                            output, never read
 *   raw HEXBYTES             one connection sends the bytes, reads until pdsupd closes; reports the codes
 *   release                  close every connection held
 * </pre>
 */
public final class AttackClient {
    private static final Pattern CODE = Pattern.compile("\"code\":\"([a-z_]+)\"");

    private final UnixDomainSocketAddress socket;
    private final List<SocketChannel> held = new ArrayList<>();
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trickle");
        t.setDaemon(true);
        return t;
    });

    private AttackClient(String socket) {
        this.socket = UnixDomainSocketAddress.of(socket);
    }

    public static void main(String[] args) throws Exception {
        AttackClient a = new AttackClient(args[0]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        String line;
        while ((line = in.readLine()) != null) {
            String answer;
            try {
                answer = a.run(line.split(" ", 3));
            } catch (Exception e) {
                answer = "error " + e;
            }
            System.out.println(answer);
        }
        System.exit(0);
    }

    private String run(String[] cmd) throws Exception {
        switch (cmd[0]) {
            case "flood": return flood(Integer.parseInt(cmd[1]), cmd[2].split("\t"));
            case "slots": return slots(Integer.parseInt(cmd[1]));
            case "pipeline": return pipeline(Integer.parseInt(cmd[1]), cmd[2]);
            case "trickle": return trickle(Integer.parseInt(cmd[1]));
            case "await-closed": return awaitClosed();
            case "half-open": return halfOpen(Integer.parseInt(cmd[1]), cmd[2]);
            case "raw": return raw(cmd[1]);
            case "release": return release();
            default: return "error unknown command " + cmd[0];
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(socket);
        return ch;
    }

    private static boolean send(SocketChannel ch, String text) {
        try {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) ch.write(b);
            return true;
        } catch (IOException e) {
            return false; // refused and closed by pdsupd
        }
    }

    private String flood(int conns, String[] requests) throws IOException {
        int sent = 0;
        for (int i = 0; i < conns; i++) {
            SocketChannel ch = connect();
            held.add(ch);
            for (String r : requests) if (send(ch, r + "\n")) sent++;
        }
        return "ok sent " + sent;
    }

    private String slots(int n) throws IOException {
        List<SocketChannel> opened = new ArrayList<>();
        for (int i = 0; i < n; i++) opened.add(connect());
        held.addAll(opened);
        Map<String, Integer> codes = new TreeMap<>();
        int admitted = 0;
        for (SocketChannel ch : opened) {
            send(ch, "{\"id\":1,\"op\":\"version\"}\n");
            String answer = readLine(ch);
            if (answer != null && answer.contains("\"ok\":true")) admitted++;
            else codes.merge(code(answer), 1, Integer::sum);
        }
        return "ok admitted " + admitted + " refused " + codes;
    }

    private String pipeline(int n, String request) throws IOException {
        try (SocketChannel ch = connect()) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < n; i++) batch.append(request).append('\n');
            Thread writer = new Thread(() -> send(ch, batch.toString()));
            writer.start();
            Map<String, Integer> codes = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                String answer = readLine(ch);
                if (answer == null) {
                    codes.merge("closed", 1, Integer::sum);
                    break;
                }
                codes.merge(answer.contains("\"ok\":true") ? "ok" : code(answer), 1, Integer::sum);
            }
            return "ok " + codes;
        }
    }

    private String trickle(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            SocketChannel ch = connect();
            held.add(ch);
            send(ch, "{\"op\"");
            trickler.scheduleAtFixedRate(() -> send(ch, " "), 200, 200, TimeUnit.MILLISECONDS);
        }
        return "ok";
    }

    private String awaitClosed() {
        long start = System.nanoTime();
        Map<String, Integer> codes = new TreeMap<>();
        for (SocketChannel ch : held) {
            String last = null;
            String l;
            while ((l = readLine(ch)) != null) last = l;
            codes.merge(code(last), 1, Integer::sum);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        release();
        return "ok closed after " + ms + " ms " + codes;
    }

    private String halfOpen(int n, String request) throws IOException {
        for (int i = 0; i < n; i++) {
            SocketChannel ch = connect();
            held.add(ch);
            send(ch, request.replace("\\n", "\n"));
            ch.shutdownOutput();
        }
        return "ok";
    }

    private String raw(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        try (SocketChannel ch = connect()) {
            Thread writer = new Thread(() -> {
                try {
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    while (b.hasRemaining()) ch.write(b);
                    ch.shutdownOutput();
                } catch (IOException e) {
                    // pdsupd closed on us: the answer says why
                }
            });
            writer.start();
            Map<String, Integer> codes = new TreeMap<>();
            String l;
            while ((l = readLine(ch)) != null) codes.merge(l.contains("\"ok\":true") ? "ok" : code(l), 1, Integer::sum);
            return "ok " + codes;
        }
    }

    private String release() {
        for (SocketChannel ch : held) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        held.clear();
        return "ok";
    }

    /** One line, or null at end of stream (or a reset). Byte by byte: answers here are short. */
    private static String readLine(SocketChannel ch) {
        StringBuilder sb = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            while (true) {
                one.clear();
                if (ch.read(one) < 0) return sb.length() == 0 ? null : sb.toString();
                char c = (char) one.get(0);
                if (c == '\n') return sb.toString();
                if (sb.length() < 4096) sb.append(c);
            }
        } catch (IOException e) {
            return sb.length() == 0 ? null : sb.toString();
        }
    }

    private static String code(String answer) {
        if (answer == null) return "closed";
        Matcher m = CODE.matcher(answer);
        return m.find() ? m.group(1) : "other";
    }
}
