package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.pdsup.daemon.control.TestUser;

/** An {@link AttackClient} JVM running as a test user. */
final class Attacker implements AutoCloseable {
    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;

    Attacker(TestUser user, Path classes, Path socket) throws IOException {
        process = user.start(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classes.toString(),
                AttackClient.class.getName(), socket.toString());
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertThat(ready).isEqualTo("ready");
    }

    String command(String c) throws IOException {
        in.println(c);
        String answer = out.readLine();
        assertThat(answer).as("attacker's answer to %s", c.length() > 80 ? c.substring(0, 80) : c).isNotNull();
        return answer;
    }

    @Override
    public void close() {
        in.close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
