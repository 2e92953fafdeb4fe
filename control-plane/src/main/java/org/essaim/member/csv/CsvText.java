package org.essaim.member.csv;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A member list's bytes turned into text, or refused with a reason a person can act on. Only UTF-8 is read (with or
 * without the byte order mark spreadsheets add): another encoding would put wrong letters in people's names without
 * anyone noticing. The usual mistakes get their own message: a spreadsheet file instead of its CSV export, UTF-16 (the
 * "Unicode text" export), and Windows-1252 / Latin-1 (Excel's plain "CSV" export on Windows).
 */
final class CsvText {

    /** Above this share of control bytes (tabs and line breaks aside), a file is not text. */
    private static final double CONTROL_SHARE = 0.01;

    private CsvText() {}

    static String decode(byte[] bytes, CsvLimits limits) {
        if (bytes == null || bytes.length == 0) {
            throw new MemberListRefusedException("empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new MemberListRefusedException("tooLarge", limits.maxBytes() / 1024);
        }
        if (startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0xFE, 0xFF)) {
            throw new MemberListRefusedException("utf16");
        }
        if (startsWith(bytes, 'P', 'K', 3, 4) || startsWith(bytes, 0xD0, 0xCF, 0x11, 0xE0)) {
            throw new MemberListRefusedException("spreadsheet");
        }
        int offset = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        int controls = 0;
        for (int i = offset; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (b == 0) {
                throw new MemberListRefusedException("binary");
            }
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7F) {
                controls++;
            }
        }
        if (controls > Math.max(1, (bytes.length - offset) * CONTROL_SHARE)) {
            throw new MemberListRefusedException("binary");
        }
        int invalid = firstInvalidUtf8(bytes, offset);
        if (invalid >= 0) {
            int line = 1;
            for (int i = offset; i < invalid; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new MemberListRefusedException(looksLikeWindows1252(bytes, offset) ? "windows1252" : "notUtf8", line);
        }
        String text = new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new MemberListRefusedException("empty");
        }
        return text;
    }

    /**
     * The position of the first byte that breaks UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
     * U+10FFFF, as the JDK's decoder enforces), or -1.
     */
    static int firstInvalidUtf8(byte[] bytes, int from) {
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        CharBuffer out = CharBuffer.allocate(bytes.length - from);
        CoderResult result = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        return result.isError() || result.isUnderflow() && in.hasRemaining() ? in.position() : -1;
    }

    /**
     * In Windows-1252 and Latin-1, an accented letter is one byte above 0x7F between ASCII ones ("Hélène" is
     * {@code H E9 l E8 n e}); in UTF-8 such bytes always come in runs of two to four. Mostly lone high bytes: that.
     */
    static boolean looksLikeWindows1252(byte[] bytes, int from) {
        int high = 0;
        int lone = 0;
        for (int i = from; i < bytes.length; i++) {
            if ((bytes[i] & 0x80) == 0) {
                continue;
            }
            high++;
            boolean before = i == from || (bytes[i - 1] & 0x80) == 0;
            boolean after = i + 1 == bytes.length || (bytes[i + 1] & 0x80) == 0;
            if (before && after) {
                lone++;
            }
        }
        return high > 0 && lone * 10 >= high * 8;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
