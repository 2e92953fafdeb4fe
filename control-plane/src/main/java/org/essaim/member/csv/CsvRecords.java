package org.essaim.member.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 4180 records, read by Commons CSV: fields separated by the separator, optionally in double quotes (which may
 * then hold separators, line breaks and doubled quotes), records ending with CRLF, LF or CR. Each record keeps the
 * line it starts on, as a text editor numbers it, so that errors point at the right place.
 */
final class CsvRecords {

    private static final Pattern START_LINE =
            Pattern.compile("\\(startline ([^)]*)\\) EOF reached before encapsulated token finished");

    /** One record: the line it starts on and its cells, exactly as written (quotes removed). */
    record CsvRecord(int line, List<String> cells) {

        boolean blank() {
            return cells.stream().allMatch(String::isBlank);
        }
    }

    private CsvRecords() {}

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
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(separator)
                // Blank lines come back as records so that the line count stays exact; add() skips them.
                .setIgnoreEmptyLines(false)
                // Text after a closing quote ("a"b) is kept, as spreadsheets do, rather than refusing the file.
                .setTrailingData(true)
                .get();
        List<CsvRecord> records = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            Iterator<CSVRecord> next = parser.iterator();
            while (true) {
                // Read before each record (next() without hasNext(), which would read one ahead): the line breaks
                // consumed so far, so the record starts on the line after them.
                int line = (int) parser.getCurrentLineNumber() + 1;
                CSVRecord record;
                try {
                    record = next.next();
                } catch (NoSuchElementException end) {
                    return records;
                } catch (UncheckedIOException unclosed) {
                    throw new MemberListRefusedException("unclosedQuote", quoteLine(unclosed, line));
                }
                add(records, new CsvRecord(line, record.toList()), maxRecords, maxRowsShown);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String cannot fail to be read
        }
    }

    /** Commons CSV names the line where the unfinished quoted field starts ("(startline 2) EOF reached ..."). */
    private static int quoteLine(UncheckedIOException unclosed, int recordLine) {
        Matcher start = START_LINE.matcher(String.valueOf(unclosed.getCause().getMessage()));
        if (!start.find()) {
            throw unclosed;
        }
        String digits = start.group(1).replaceAll("\\D", "");
        return digits.isEmpty() ? recordLine : Integer.parseInt(digits);
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
