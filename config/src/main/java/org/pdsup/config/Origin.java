package org.pdsup.config;

/**
 * Where something was defined: the file (as shown to operators, see {@link ConfigError}) and its line
 * ({@code -1} when unknown).
 */
public record Origin(String file, int line) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
