package org.essaim.member.password;

import org.essaim.ldap.PasswordPolicy;
import org.essaim.ldap.PasswordRefusedException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.springframework.context.support.DefaultMessageSourceResolvable;

import java.util.ArrayList;
import java.util.List;

/**
 * The one way every page and call that sets a password explains the rules ({@link PasswordPolicy}, in the ldap
 * module, which {@code SpaceMembers} applies again before each Password Modify): a new password typed twice, and
 * each refusal as a problem on its field, in our own words ({@code password.refusal.*}), with zxcvbn's feedback
 * keys turned into our own advice ({@code password.advice.<zxcvbn key>}) rather than its English.
 */
public final class PasswordRules {

    public static final String PASSWORD = "password";
    public static final String CONFIRMATION = "confirmation";

    private PasswordRules() {}

    /** The form's two fields: every problem at once (the confirmation's and the password's), or nothing. */
    public static void require(String password, String confirmation, PasswordPolicy.PersonalWords words) {
        List<FieldProblem> problems = new ArrayList<>();
        PasswordPolicy.assess(password, words).ifPresent(verdict -> problems.add(problem(PASSWORD, verdict)));
        if (password == null || !password.equals(confirmation)) {
            problems.add(FieldProblem.of(CONFIRMATION, "password.mismatch"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** A refusal of the directory's check, as a problem on the password field. */
    public static InvalidInputException refused(PasswordRefusedException refused) {
        return new InvalidInputException(problem(PASSWORD, refused.verdict()));
    }

    /**
     * The refusal's message key with its arguments: the lengths, then (for a weak one) zxcvbn's warning and up to
     * two suggestions as our own messages, or empty strings.
     */
    public static FieldProblem problem(String field, PasswordPolicy.Verdict verdict) {
        List<Object> arguments = new ArrayList<>(List.of(PasswordPolicy.MIN_LENGTH, PasswordPolicy.MAX_LENGTH));
        arguments.add(advice(verdict.warning()));
        for (int i = 0; i < 2; i++) {
            arguments.add(advice(
                    i < verdict.suggestions().size() ? verdict.suggestions().get(i) : ""));
        }
        if (verdict.warning().isEmpty()
                && verdict.suggestions().isEmpty()
                && verdict.refusal() == PasswordPolicy.Refusal.TOO_GUESSABLE) {
            arguments.set(3, advice("feedback.default.suggestions.useFewWords"));
        }
        return new FieldProblem(field, "password.refusal." + verdict.refusal().name(), arguments);
    }

    /** zxcvbn's key as our message (an unknown key, from a newer zxcvbn, falls back to general advice). */
    private static Object advice(String zxcvbnKey) {
        if (zxcvbnKey == null || zxcvbnKey.isEmpty()) {
            return "";
        }
        return new DefaultMessageSourceResolvable(
                new String[] {"password.advice." + zxcvbnKey, "password.advice.feedback.default.suggestions.useFewWords"
                },
                null,
                "");
    }
}
