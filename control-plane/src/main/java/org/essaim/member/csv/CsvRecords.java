package org.essaim.member.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by the separator, optionally in double quotes (which may then hold
 * separators, line breaks and doubled quotes), records ending with CRLF, LF or CR. Each record keeps the line it
 * starts on, as a text editor numbers it, so that errors point at the right place.
 */
final class CsvRecords {

    /** One record: the line it starts on and its cells, exactly as written (quotes removed). */
    record CsvRecord(int line, List<String> cells) {

        boolean blank() {
            return cells.stream().allMatch(String::isBlank);
        }
    }

    private CsvRecords() {
    }

    /** Comma or semicolon: whichever the first record uses more outside quotes (comma when neither). */
    static char separator(String text) {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }

    /**
     * @param maxRecords stop with {@code tooManyRows} past this many non-blank records
     * @throws MemberListRefusedException {@code unclosedQuote} with the line where the quoted field starts
     */
    static List<CsvRecord> read(String text, char separator, int maxRecords, int maxRowsShown) {
        List<CsvRecord> records = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        boolean quoted = false;
        boolean afterQuote = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    afterQuote = true;
                } else {
                    if (c == '\n' || (c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
                        line++;
                    }
                    cell.append(c);
                }
                i++;
                continue;
            }
            if (c == separator) {
                cells.add(cell.toString());
                cell.setLength(0);
                afterQuote = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                cell.setLength(0);
                afterQuote = false;
                add(records, new CsvRecord(recordLine, List.copyOf(cells)), maxRecords, maxRowsShown);
                cells.clear();
                line++;
                recordLine = line;
            } else if (c == '"' && cell.isEmpty() && !afterQuote) {
                quoted = true;
                quoteLine = line;
            } else {
                // Text after a closing quote ("a"b) is kept, as spreadsheets do, rather than refusing the file.
                cell.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new MemberListRefusedException("unclosedQuote", quoteLine);
        }
        if (!cell.isEmpty() || !cells.isEmpty()) {
            cells.add(cell.toString());
            add(records, new CsvRecord(recordLine, List.copyOf(cells)), maxRecords, maxRowsShown);
        }
        return records;
    }

    private static void add(List<CsvRecord> records, CsvRecord record, int maxRecords, int maxRowsShown) {
        if (record.blank()) {
            return;
        }
        if (records.size() == maxRecords) {
            throw new MemberListRefusedException("tooManyRows", maxRowsShown);
        }
        records.add(record);
    }
}
