package org.essaim.member.csv;

import org.essaim.web.EmailAddress;
import org.essaim.web.FieldProblem;
import org.essaim.web.PlainText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A list of people to bring into a space, read from a CSV file: name, email and an optional role ({@code member} /
 * {@code membre} or {@code admin}), separated by commas or semicolons (detected), UTF-8 with or without a byte order
 * mark, with an optional header row in English or French (which may then put the columns in any order and add
 * others, which are ignored). Whole-file problems throw {@link MemberListRefusedException}; a bad row is kept with
 * its {@link RowProblem} so that the admin sees every row's fate at once.
 *
 * <p>A cell starting with {@code = + - @}, a tab or a carriage return is refused, not cleaned: spreadsheets run such
 * cells as formulas when the list is exported again and opened ({@code =cmd|...}), and silently changing a name
 * would surprise its owner. Names are otherwise stored verbatim as the display name, LDAP-special characters
 * included (the ldap module escapes them); they never make a uid.
 */
public record MemberList(char separator, boolean header, List<Row> rows) {

    public static final int MAX_NAME_LENGTH = 100;
    private static final String FORMULA_STARTS = "=+-@\t\r";

    /** One listed person, as read; {@code problem} is null when the row is acceptable on its own. */
    public record Row(int line, String name, String email, MemberRole role, RowProblem problem) {

        public boolean valid() {
            return problem == null;
        }

        /** Emails compare without case, as the directory's {@code mail} attribute does. */
        public String emailKey() {
            return email == null ? null : email.toLowerCase(Locale.ROOT);
        }
    }

    public static MemberList read(byte[] bytes, CsvLimits limits) {
        String text = CsvText.decode(bytes, limits);
        char separator = CsvRecords.separator(text);
        List<CsvRecords.CsvRecord> records = CsvRecords.read(text, separator, limits.maxRows() + 1, limits.maxRows());
        if (records.isEmpty()) {
            throw new MemberListRefusedException("empty");
        }
        Headers.Columns columns = Headers.find(records.getFirst().cells());
        boolean header = columns != null;
        List<CsvRecords.CsvRecord> data = header ? records.subList(1, records.size()) : records;
        if (data.isEmpty()) {
            throw new MemberListRefusedException("headerOnly");
        }
        if (data.size() > limits.maxRows()) {
            throw new MemberListRefusedException("tooManyRows", limits.maxRows());
        }
        Headers.Columns used = header ? columns : new Headers.Columns(0, 1, 2);
        List<Row> rows = new ArrayList<>(data.size());
        for (CsvRecords.CsvRecord record : data) {
            rows.add(row(record, used, header));
        }
        return new MemberList(separator, header, List.copyOf(rows));
    }

    private static Row row(CsvRecords.CsvRecord record, Headers.Columns columns, boolean header) {
        List<String> cells = record.cells();
        String rawName = cell(cells, columns.name());
        String rawEmail = cell(cells, columns.email());
        String rawRole = columns.role() < 0 ? "" : cell(cells, columns.role());
        for (int i = 0; i < cells.size(); i++) {
            String value = cells.get(i);
            String trimmed = value.stripLeading();
            if (!value.isEmpty()
                    && (FORMULA_STARTS.indexOf(value.charAt(0)) >= 0
                            || !trimmed.isEmpty() && FORMULA_STARTS.indexOf(trimmed.charAt(0)) >= 0)) {
                char first = FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? value.charAt(0) : trimmed.charAt(0);
                return refused(
                        record,
                        rawName,
                        rawEmail,
                        RowProblem.of("row", "memberimport.row.formula", i + 1, shown(first)));
            }
        }
        if (!header
                && cells.size() > 3
                && cells.subList(3, cells.size()).stream().anyMatch(c -> !c.isBlank())) {
            return refused(record, rawName, rawEmail, RowProblem.of("row", "memberimport.row.extraColumns"));
        }
        List<FieldProblem> problems = new ArrayList<>();
        String name = PlainText.line("name", rawName, true, 1, MAX_NAME_LENGTH, problems);
        if (!problems.isEmpty()) {
            return refused(record, rawName, rawEmail, fieldProblem(problems.getFirst()));
        }
        String email = EmailAddress.check("email", rawEmail, problems);
        if (!problems.isEmpty()) {
            return refused(record, name, rawEmail, fieldProblem(problems.getFirst()));
        }
        MemberRole role = MemberRole.read(rawRole).orElse(null);
        if (role == null) {
            return new Row(
                    record.line(),
                    name,
                    email,
                    null,
                    RowProblem.of("role", "memberimport.row.unknownRole", rawRole.strip()));
        }
        return new Row(record.line(), name, email, role, null);
    }

    private static String cell(List<String> cells, int index) {
        return index < cells.size() ? cells.get(index) : "";
    }

    private static Row refused(CsvRecords.CsvRecord record, String name, String email, RowProblem problem) {
        return new Row(record.line(), blankToNull(name), blankToNull(email), null, problem);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static RowProblem fieldProblem(FieldProblem problem) {
        return new RowProblem(problem.field(), problem.code(), problem.arguments());
    }

    /** How a leading character is named in a message: a visible one as is, tab and CR by name. */
    private static String shown(char c) {
        return switch (c) {
            case '\t' -> "TAB";
            case '\r' -> "CR";
            default -> String.valueOf(c);
        };
    }
}
