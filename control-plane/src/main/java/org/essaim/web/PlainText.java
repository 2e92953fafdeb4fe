package org.essaim.web;

import java.text.Normalizer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one rule for everything people type: plain text. Surrounding spaces are trimmed and the text is put in
 * Unicode NFC; then it must respect its length (in characters, not bytes), hold no control character (only line
 * breaks and tabs in multi-line fields), no bidirectional override (which can make text read differently from what
 * it is) and nothing that looks like markup ({@code <b>}, {@code <script>}, {@code <!--}). Pages escape everything
 * anyway; refusing markup tells the sender at once that it will not be interpreted.
 */
public final class PlainText {

    /** What an HTML parser takes for the start of a tag, a comment or a declaration. */
    private static final Pattern MARKUP = Pattern.compile("<[/!?]?[A-Za-z]|<!--");

    private PlainText() {}

    /** A one-line field (a name, a title). Returns the cleaned value, or null when empty or invalid. */
    public static String line(
            String field, String raw, boolean required, int min, int max, List<FieldProblem> problems) {
        return check(field, raw, required, min, max, false, problems);
    }

    /** A multi-line field (a purpose, a note, a reason). */
    public static String paragraph(
            String field, String raw, boolean required, int min, int max, List<FieldProblem> problems) {
        return check(field, raw, required, min, max, true, problems);
    }

    private static String check(
            String field,
            String raw,
            boolean required,
            int min,
            int max,
            boolean multiline,
            List<FieldProblem> problems) {
        String value = raw == null ? "" : raw;
        if (multiline) {
            value = value.replace("\r\n", "\n").replace('\r', '\n');
        }
        value = value.strip();
        if (value.isEmpty()) {
            if (required) {
                problems.add(FieldProblem.of(field, "input.required"));
            }
            return null;
        }
        // Checked before normalising, so that nothing hidden is smuggled through a normalisation step.
        String forbidden = forbiddenCharacter(value, multiline);
        if (forbidden != null) {
            problems.add(FieldProblem.of(field, "input.controlCharacters", forbidden));
            return null;
        }
        if (value.length() > 4 * max) {
            problems.add(FieldProblem.of(field, "input.tooLong", max));
            return null;
        }
        value = Normalizer.normalize(value, Normalizer.Form.NFC);
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            problems.add(FieldProblem.of(field, "input.tooLong", max));
            return null;
        }
        if (length < min) {
            problems.add(FieldProblem.of(field, "input.tooShort", min));
            return null;
        }
        if (MARKUP.matcher(value).find()) {
            problems.add(FieldProblem.of(field, "input.markup"));
            return null;
        }
        return value;
    }

    /** The first forbidden character as {@code U+XXXX}, or null. */
    static String forbiddenCharacter(String value, boolean multiline) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            boolean lineBreak = c == '\n' || c == '\t';
            if (lineBreak && multiline) {
                continue;
            }
            int type = Character.getType(c);
            if (type == Character.CONTROL
                    || type == Character.SURROGATE
                    || isBidiControl(c)
                    || c == 0x2028
                    || c == 0x2029
                    || c == 0xFEFF) {
                return String.format("U+%04X", c);
            }
        }
        return null;
    }

    private static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200E
                || c == 0x200F
                || c == 0x061C;
    }
}
