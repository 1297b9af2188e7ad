package org.pdsup.config;

/**
 * One thing wrong with a configuration, and where. {@code file} is the file as operators know it: the main
 * file's name, include files and environment files relative to the main file's directory when they lie under it,
 * absolute otherwise. {@code line} is 1-based, or -1 when unknown; {@code path} is the HOCON path of the
 * offending key, or empty when the error is not about one key (syntax errors).
 */
public record ConfigError(String file, int line, String path, String message) {

    /** {@code pdsupd.conf:12: services.web.restart: unknown value "sometimes" (expected always, on-failure or never)}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) s.append(':').append(line);
        s.append(": ");
        if (path != null && !path.isEmpty()) s.append(path).append(": ");
        return s.append(message).toString();
    }
}
