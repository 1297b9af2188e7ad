package org.pdsup.pdctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pdsup.protocol.ExitCodes;

/**
 * The control protocol of another host, through {@code ssh [-p PORT] [USER@]HOST pdctl [-s SOCKET] stdio-bridge}
 * (as {@code systemctl -H} runs systemd-stdio-bridge): the remote pdctl connects to its pdsupd's socket, found
 * there as pdctl finds it (-s, else the configuration file, else the default), and copies bytes both ways.
 * {@code PDCTL_SSH} replaces "ssh" (split on blanks: {@code "ssh -i key -o ..."}); {@code PDCTL_REMOTE_PDCTL}
 * names pdctl on the remote host (default "pdctl", found on the PATH of the ssh session).
 */
final class SshTransport implements Transport {
    /** ssh's own exit status for a connection or authentication failure. */
    private static final int SSH_FAILED = 255;
    /** The status of a command the remote shell cannot find. */
    private static final int NOT_FOUND = 127;

    private final String host;
    private final Process process;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stderrReader;

    private SshTransport(String host, Process process) {
        this.host = host;
        this.process = process;
        this.in = process.getInputStream();
        this.out = process.getOutputStream();
        stderrReader = new Thread(() -> {
            try (InputStream e = process.getErrorStream()) {
                byte[] buf = new byte[4096];
                int n;
                while ((n = e.read(buf)) > 0) {
                    synchronized (stderr) {
                        stderr.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // ssh has gone: what it said so far is all there is
            }
        }, "ssh-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    /**
     * Starts ssh to {@code hostSpec} ({@code [user@]host[:port]}); {@code socket} is the remote socket of -s, or
     * null for the remote pdctl's own choice.
     */
    static SshTransport open(String hostSpec, String socket, Map<String, String> env) throws CommandFailure {
        List<String> cmd = new ArrayList<>();
        String ssh = env.get("PDCTL_SSH");
        for (String w : (ssh == null || ssh.isBlank() ? "ssh" : ssh).trim().split("\\s+")) cmd.add(w);
        cmd.add("-T");
        cmd.add("-x");
        String destination = hostSpec;
        String port = null;
        int close = hostSpec.lastIndexOf(']');
        if (close >= 0) { // [v6 address] or user@[v6 address], then :port
            if (close + 1 < hostSpec.length()) {
                if (hostSpec.charAt(close + 1) != ':') throw badHost(hostSpec);
                port = hostSpec.substring(close + 2);
            }
            destination = hostSpec.substring(0, close).replace("[", "");
        } else if (hostSpec.indexOf(':') >= 0) {
            int colon = hostSpec.indexOf(':');
            if (hostSpec.lastIndexOf(':') != colon) throw badHost(hostSpec); // a v6 address needs brackets
            port = hostSpec.substring(colon + 1);
            destination = hostSpec.substring(0, colon);
        }
        if (port != null) {
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) throw badHost(hostSpec);
            cmd.add("-p");
            cmd.add(port);
        }
        if (destination.isEmpty() || destination.startsWith("-") || destination.endsWith("@")) throw badHost(hostSpec);
        cmd.add("--");
        cmd.add(destination);
        String remote = env.getOrDefault("PDCTL_REMOTE_PDCTL", "pdctl");
        StringBuilder command = new StringBuilder(quote(remote));
        if (socket != null) command.append(" -s ").append(quote(socket));
        command.append(" stdio-bridge");
        cmd.add(command.toString());
        try {
            return new SshTransport(hostSpec, new ProcessBuilder(cmd).start());
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.UNAVAILABLE, "cannot run " + cmd.get(0) + " to reach " + hostSpec
                    + ": " + e.getMessage());
        }
    }

    private static UsageException badHost(String spec) {
        return new UsageException("invalid host '" + spec + "' for -H (use [user@]host[:port], [v6-address]:port)");
    }

    /** A word for the remote shell: single-quoted unless plainly safe. */
    static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-=+:,@".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Override
    public int read(ByteBuffer buffer) throws IOException {
        int n = in.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        if (n > 0) buffer.position(buffer.position() + n);
        return n;
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        buffer.position(buffer.limit());
        out.flush();
    }

    /**
     * The other end closed: ssh could not connect (its message, exit 69), the remote pdctl could not reach its
     * pdsupd (its message and status), or pdsupd closed the connection.
     */
    @Override
    public CommandFailure closed() {
        int status;
        try {
            status = process.waitFor();
            stderrReader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandFailure(ExitCodes.UNAVAILABLE, "interrupted while reaching " + host);
        }
        String said;
        synchronized (stderr) {
            said = stderr.toString(StandardCharsets.UTF_8).trim();
        }
        if (said.startsWith("pdctl: ")) said = said.substring("pdctl: ".length());
        if (status == SSH_FAILED) {
            return new CommandFailure(ExitCodes.UNAVAILABLE, "cannot reach " + host + " through ssh: "
                    + (said.isEmpty() ? "ssh failed (status 255)" : said));
        }
        if (status == NOT_FOUND) {
            return new CommandFailure(ExitCodes.UNAVAILABLE, host + ": no pdctl there to reach pdsupd (set "
                    + "PDCTL_REMOTE_PDCTL to its path): " + said);
        }
        if (status != 0 && !said.isEmpty()) {
            return new CommandFailure(status == ExitCodes.UNAVAILABLE ? ExitCodes.UNAVAILABLE : ExitCodes.ERROR,
                    host + ": " + said);
        }
        return new CommandFailure(ExitCodes.UNAVAILABLE, "pdsupd on " + host + " closed the connection");
    }

    @Override
    public CommandFailure lost(IOException e) {
        return closed();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // ssh is going away anyway
        }
        process.destroy();
    }
}
