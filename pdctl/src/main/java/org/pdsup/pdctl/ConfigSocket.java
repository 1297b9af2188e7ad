package org.pdsup.pdctl;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds {@code pdsupd.control.socket} in pdsupd's main configuration file, for pdctl run without {@code -s} and
 * {@code PDCTL_SOCKET}. A scanner of the HOCON subset that key is written in (nested or dotted keys, {@code =},
 * {@code :} or none before a brace, quoted or unquoted values, comments, root braces), not Typesafe Config:
 * that library costs pdctl about 130 ms of start-up (docs/benchmarks.md, W4), more than the rest of a command.
 * The last assignment wins, as in HOCON. A value it cannot take for sure (a substitution, a relative path) gives
 * null, and pdctl then uses the default socket; so do an unreadable file and one larger than 1 MiB.
 */
final class ConfigSocket {
    private static final String KEY = "pdsupd.control.socket";
    private static final int MAX_BYTES = 1 << 20;

    private final String text;
    private int pos;
    private String found;

    private ConfigSocket(String text) {
        this.text = text;
    }

    /**
     * pdsupd's default main configuration file; the same as {@code ConfigLoader.defaultConfigFile()} of the
     * config module (PlatformDefaults there), which pdctl does not load.
     */
    static String defaultConfigFile() {
        String os = System.getProperty("os.name", "");
        return os.toLowerCase(java.util.Locale.ROOT).contains("freebsd") ? "/usr/local/etc/pdsupd/pdsupd.conf"
                : "/etc/pdsupd/pdsupd.conf";
    }

    /** The socket the file names, or null (no such file, not readable, not set, or not a plain absolute path). */
    static String read(String file) {
        byte[] bytes;
        try (InputStream in = new FileInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException | SecurityException e) {
            return null;
        }
        if (bytes.length > MAX_BYTES) return null;
        return find(new String(bytes, StandardCharsets.UTF_8));
    }

    /** The socket named in {@code hocon}, or null. */
    static String find(String hocon) {
        ConfigSocket s = new ConfigSocket(hocon);
        try {
            s.skipBlank();
            boolean braced = s.peek() == '{';
            if (braced) s.pos++;
            s.object("", braced);
        } catch (IllegalStateException e) {
            return null; // not the HOCON we can follow: use the default
        }
        return s.found != null && s.found.startsWith("/") ? s.found : null;
    }

    /** The fields of an object whose path is {@code prefix} ("" or "a.b."), up to its '}' (or the end). */
    private void object(String prefix, boolean braced) {
        while (true) {
            skipBlank();
            int c = peek();
            if (c < 0) {
                if (braced) throw new IllegalStateException("unclosed brace");
                return;
            }
            if (c == '}') {
                if (!braced) throw new IllegalStateException("stray brace");
                pos++;
                return;
            }
            if (c == ',') {
                pos++;
                continue;
            }
            String key = key();
            if (key.equals("include")) {
                skipLine(); // include "file", include required(...): not followed
                continue;
            }
            String path = prefix + key;
            skipSpaces();
            c = peek();
            if (c == '+' && pos + 1 < text.length() && text.charAt(pos + 1) == '=') {
                pos += 2;
            } else if (c == '=' || c == ':') {
                pos++;
            }
            skipBlank();
            c = peek();
            if (c == '{') {
                pos++;
                object(path + ".", true);
            } else if (c == '[') {
                skipBalanced('[', ']');
            } else {
                String value = value();
                if (path.equals(KEY)) found = value;
                else if (KEY.startsWith(path + ".")) found = null; // pdsupd.control = ... replaced the object
            }
        }
    }

    /** A key: unquoted and quoted parts, dotted, up to a separator. */
    private String key() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = peek();
            if (c == '"') {
                sb.append(quoted().replace(".", "\u0000")); // a quoted dot is no path separator
            } else if (c >= 0 && !isSeparator(c) && !Character.isWhitespace(c)) {
                sb.append((char) c);
                pos++;
            } else {
                break;
            }
        }
        if (sb.length() == 0) throw new IllegalStateException("key expected");
        return sb.toString();
    }

    /** A simple value to the end of its line, ',' or '}': a quoted string, or an unquoted one; null otherwise. */
    private String value() {
        List<String> parts = new ArrayList<>();
        boolean plain = true;
        while (true) {
            skipSpaces();
            int c = peek();
            if (c < 0 || c == '\n' || c == ',' || c == '}' || c == '#' || comment()) break;
            if (c == '"') {
                parts.add(quoted());
            } else if (c == '$' || c == '{' || c == '[') {
                plain = false;
                if (c == '$') pos++;
                if (peek() == '{') skipBalanced('{', '}');
                else if (peek() == '[') skipBalanced('[', ']');
            } else {
                int start = pos;
                while (peek() >= 0 && !isSeparator(peek()) && !Character.isWhitespace(peek()) && peek() != '$'
                        && !comment()) {
                    pos++;
                }
                if (pos == start) pos++; // a lone separator such as ':' inside a value
                parts.add(text.substring(start, pos));
            }
        }
        return plain && parts.size() == 1 ? parts.get(0) : null;
    }

    private String quoted() {
        if (text.startsWith("\"\"\"", pos)) {
            int end = text.indexOf("\"\"\"", pos + 3);
            if (end < 0) throw new IllegalStateException("unclosed triple quote");
            String s = text.substring(pos + 3, end);
            pos = end + 3;
            return s;
        }
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            int c = peek();
            if (c < 0 || c == '\n') throw new IllegalStateException("unclosed quote");
            pos++;
            if (c == '"') return sb.toString();
            if (c == '\\') {
                int e = peek();
                pos++;
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case '"': case '\\': case '/': sb.append((char) e); break;
                    default: throw new IllegalStateException("escape");
                }
            } else {
                sb.append((char) c);
            }
        }
    }

    private void skipBalanced(char open, char close) {
        int depth = 0;
        while (true) {
            int c = peek();
            if (c < 0) throw new IllegalStateException("unbalanced " + open);
            if (c == '"') {
                quoted();
                continue;
            }
            if (c == '#' || comment()) {
                skipLine();
                continue;
            }
            pos++;
            if (c == open) depth++;
            else if (c == close && --depth == 0) return;
        }
    }

    private static boolean isSeparator(int c) {
        return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':' || c == '=' || c == '#'
                || c == '"' || c == '+';
    }

    private boolean comment() {
        return text.startsWith("//", pos);
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) != '\n' && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    /** Whitespace, newlines and comments. */
    private void skipBlank() {
        while (true) {
            int c = peek();
            if (c >= 0 && Character.isWhitespace(c)) pos++;
            else if (c == '#' || comment()) skipLine();
            else return;
        }
    }

    private void skipLine() {
        while (pos < text.length() && text.charAt(pos) != '\n') pos++;
    }
}
