package org.pdsup.daemon.output;

/** Which standard stream of a service a piece of output came from; {@link #label()} is the name on the wire. */
public enum StreamKind {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String label;

    StreamKind(String label) {
        this.label = label;
    }

    /** "stdout" or "stderr", as {@link OutputCapture.LogSink#line} receives it. */
    String label() {
        return label;
    }
}
