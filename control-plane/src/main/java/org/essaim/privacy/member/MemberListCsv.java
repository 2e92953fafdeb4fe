package org.essaim.privacy.member;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A CSV file as spreadsheet programs open it: UTF-8 with a byte order mark (without it Excel reads accents as
 * Latin-1), CRLF line ends, every cell quoted when it holds the separator, a quote or a line break (RFC 4180).
 *
 * <p>A cell that a spreadsheet would take for a formula ({@code = + - @}, or a tab or carriage return that some
 * programs skip before one) is written with a leading apostrophe, which the programs show as text: an export of
 * names that people typed themselves must not run {@code =HYPERLINK(...)} on the admin's computer (OWASP's "CSV
 * injection").
 */
final class MemberListCsv {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final char separator;
    private final StringBuilder text = new StringBuilder();

    MemberListCsv(char separator) {
        this.separator = separator;
    }

    MemberListCsv row(List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                text.append(separator);
            }
            text.append(cell(cells.get(i)));
        }
        text.append("\r\n");
        return this;
    }

    byte[] bytes() {
        byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[BOM.length + content.length];
        System.arraycopy(BOM, 0, file, 0, BOM.length);
        System.arraycopy(content, 0, file, BOM.length, content.length);
        return file;
    }

    String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = startsLikeAFormula(value) ? "'" + value : value;
        boolean quote = safe.indexOf(separator) >= 0
                || safe.indexOf('"') >= 0
                || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    static boolean startsLikeAFormula(String value) {
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> true;
            default -> false;
        };
    }
}
