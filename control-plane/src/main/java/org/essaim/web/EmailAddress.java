package org.essaim.web;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The shape of an email address Essaim writes to: an ASCII local part (RFC 5322 atoms separated by dots) and a
 * domain of at least two DNS labels whose last is letters. Internationalised domains are accepted in their
 * {@code xn--} form. The domain is put in lower case; the local part is kept as typed.
 */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;
    private static final Pattern LOCAL =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern TOP_LABEL = Pattern.compile("[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}");

    private EmailAddress() {}

    /** Returns the address ready to store, or null after recording what is wrong. */
    public static String check(String field, String raw, List<FieldProblem> problems) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty()) {
            problems.add(FieldProblem.of(field, "input.required"));
            return null;
        }
        if (value.length() > MAX_LENGTH) {
            problems.add(FieldProblem.of(field, "input.tooLong", MAX_LENGTH));
            return null;
        }
        if (PlainText.forbiddenCharacter(value, false) != null) {
            problems.add(FieldProblem.of(field, "input.controlCharacters", PlainText.forbiddenCharacter(value, false)));
            return null;
        }
        int at = value.lastIndexOf('@');
        if (at <= 0
                || at != value.indexOf('@')
                || !validLocal(value.substring(0, at))
                || !validDomain(value.substring(at + 1))) {
            problems.add(FieldProblem.of(field, "input.email"));
            return null;
        }
        return value.substring(0, at) + "@" + value.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean validLocal(String local) {
        return local.length() <= 64 && LOCAL.matcher(local).matches();
    }

    private static boolean validDomain(String domain) {
        if (domain.length() > 253) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return TOP_LABEL.matcher(labels[labels.length - 1]).matches();
    }
}
