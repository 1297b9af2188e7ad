package org.pdsup.pdctl;

import java.io.PrintStream;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Response;

/** Where and how pdctl writes: human text (optionally coloured) or one JSON object per line. */
final class Output {
    static final String GREEN = "32";
    static final String YELLOW = "33";
    static final String RED = "31";
    static final String DIM = "2";
    static final String BOLD = "1";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    private final boolean colour;
    private final boolean terminal;

    Output(PrintStream out, PrintStream err, boolean json, boolean colour) {
        this(out, err, json, colour, false);
    }

    /** {@code terminal}: standard output is a terminal (events then show milliseconds). */
    Output(PrintStream out, PrintStream err, boolean json, boolean colour, boolean terminal) {
        this.terminal = terminal;
        this.out = out;
        this.err = err;
        this.json = json;
        this.colour = colour && !json;
    }

    boolean json() {
        return json;
    }

    boolean terminal() {
        return terminal;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Prints a frame from the server, without its request id, as one JSON line. */
    void printJson(Response r) {
        out.println(FrameWriter.toJson(r.withoutId()));
    }

    /** Reports an error response and returns the exit status it maps to. */
    int failure(Response r) {
        if (json) {
            printJson(r);
        } else {
            err.println("pdctl: " + r.errorMessage());
            for (String detail : r.errorDetails()) err.println("  " + detail);
        }
        return ExitCodes.forError(r.errorCode());
    }

    void println(String line) {
        out.println(line);
    }

    /** {@code text} in an ANSI SGR colour when colour is on. */
    String paint(String text, String sgr) {
        if (!colour || sgr == null) return text;
        return "\u001b[" + sgr + "m" + text + "\u001b[0m";
    }

    /** The colour of a state name: green up, yellow in between, red failed. */
    static String stateColour(String state) {
        if (state == null) return null;
        switch (state) {
            case "running": return GREEN;
            case "starting": case "stopping": case "backoff": return YELLOW;
            case "fatal": return RED;
            case "exited": case "stopped": return DIM;
            default: return null;
        }
    }

    void flush() {
        out.flush();
        err.flush();
    }
}
