package org.pdsup.protocol;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF, no
 * truncated sequences. The JSON parser only checks bytes inside strings; frames are checked whole first so
 * the error can say where the bad byte is.
 */
public final class Utf8 {
    private Utf8() {}

    /** The offset (relative to {@code offset}) of the first byte of the first invalid sequence, or -1. */
    public static int firstInvalid(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min2;
            int max2 = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1; min2 = 0x80;
            } else if (c == 0xE0) {
                need = 2; min2 = 0xA0;            // no overlong 3-byte forms
            } else if (c >= 0xE1 && c <= 0xEC || c == 0xEE || c == 0xEF) {
                need = 2; min2 = 0x80;
            } else if (c == 0xED) {
                need = 2; min2 = 0x80; max2 = 0x9F; // no UTF-16 surrogates
            } else if (c == 0xF0) {
                need = 3; min2 = 0x90;            // no overlong 4-byte forms
            } else if (c >= 0xF1 && c <= 0xF3) {
                need = 3; min2 = 0x80;
            } else if (c == 0xF4) {
                need = 3; min2 = 0x80; max2 = 0x8F; // nothing above U+10FFFF
            } else {
                return i - offset;                // continuation byte, C0, C1 or F5..FF as a lead byte
            }
            if (i + need >= end) return i - offset; // truncated sequence
            int c2 = b[i + 1] & 0xff;
            if (c2 < min2 || c2 > max2) return i - offset;
            for (int k = 2; k <= need; k++) {
                int ck = b[i + k] & 0xff;
                if (ck < 0x80 || ck > 0xBF) return i - offset;
            }
            i += need + 1;
        }
        return -1;
    }
}
