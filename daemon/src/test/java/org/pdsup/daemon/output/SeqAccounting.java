package org.pdsup.daemon.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the log files of a {@code seq} flood in order: each line must be the next number (all of {@code
 * lineBytes} bytes with the newline), or a notice line covering exactly the next numbers.
 */
final class SeqAccounting {
    private static final byte[] NOTICE = "pdsupd: dropped ".getBytes(StandardCharsets.US_ASCII);

    private final int lineBytes;
    long next;
    long noticed;
    private final byte[] line = new byte[256];

    SeqAccounting(long first, int lineBytes) {
        this.next = first;
        this.lineBytes = lineBytes;
    }

    /** Reads {@code current} and its rotated files ({@code .keep} … {@code .1}, then the current one). */
    void readRotated(Path current, int keep) throws IOException {
        byte[] buf = new byte[1 << 20];
        for (int i = keep; i >= 1; i--) {
            Path p = RotatingLogFile.rotated(current, i);
            if (Files.exists(p)) read(p, buf);
        }
        read(current, buf);
    }

    void read(Path p, byte[] buf) throws IOException {
        int len = 0;
        try (InputStream in = Files.newInputStream(p)) {
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b != '\n') {
                        if (len == line.length) throw new AssertionError(p + ": line too long near " + next);
                        line[len++] = b;
                        continue;
                    }
                    account(p, len);
                    len = 0;
                }
            }
        }
        if (len != 0) throw new AssertionError(p + " ends in the middle of a line, after " + (next - 1));
    }

    private void account(Path p, int len) {
        if (len > NOTICE.length && java.util.Arrays.equals(line, 0, NOTICE.length, NOTICE, 0, NOTICE.length)) {
            String text = new String(line, 0, len, StandardCharsets.US_ASCII);
            long n = Long.parseLong(text.substring(NOTICE.length, text.indexOf(' ', NOTICE.length)));
            if (n % lineBytes != 0) throw new AssertionError(p + ": a drop of " + n + " bytes is not whole lines");
            next += n / lineBytes;
            noticed += n;
            return;
        }
        long value = 0;
        for (int i = 0; i < len; i++) value = value * 10 + (line[i] - '0');
        if (len != lineBytes - 1 || value != next) {
            throw new AssertionError(p + ": expected line " + next + " but read '"
                    + new String(line, 0, len, StandardCharsets.US_ASCII) + "'");
        }
        next++;
    }
}
