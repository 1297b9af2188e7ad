package org.pdsup.protocol.json;

/** Input that is not acceptable JSON: malformed, too deep, a number out of range, a duplicate field. */
public class JsonSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    public JsonSyntaxException(String message) {
        super(message);
    }
}
