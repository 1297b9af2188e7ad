package org.pdsup.daemon;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** pdctl's {@code Main} run in the test's JVM against a daemon's socket: its exit code, output and error. */
final class InProcessPdctl {
    private InProcessPdctl() {}

    record Result(int code, String out, String err) {}

    /** {@code pdctl -s SOCKET ARGS...}, not on a terminal, with no environment. */
    static Result run(Path socket, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "-s";
        all[1] = socket.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = org.pdsup.pdctl.Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
