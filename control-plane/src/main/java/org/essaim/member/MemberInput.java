package org.essaim.member;

import org.essaim.ldap.PasswordPolicy;
import org.essaim.member.password.PasswordRules;
import org.essaim.web.EmailAddress;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.PlainText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The checks on what admins and members type: lists of emails, display names, new passwords. */
final class MemberInput {

    /** More addresses than any space has places: refused before anything is looked at. */
    static final int MAX_EMAILS = 1000;

    static final int MAX_NAME = 200;

    private MemberInput() {}

    /**
     * One or many addresses, separated by commas, semicolons, spaces or lines. Every bad one is reported (with the
     * address, so the admin can find it); duplicates in the list count once.
     */
    static List<String> emails(String field, String raw) {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, String> emails = new LinkedHashMap<>();
        String[] parts = raw == null ? new String[0] : raw.strip().split("[\\s,;]+");
        for (String part : parts) {
            if (part.isBlank()) {
                continue;
            }
            if (emails.size() >= MAX_EMAILS) {
                throw new InvalidInputException(FieldProblem.of(field, "members.input.tooManyEmails", MAX_EMAILS));
            }
            List<FieldProblem> found = new ArrayList<>();
            String email = EmailAddress.check(field, part, found);
            if (email == null) {
                problems.add(FieldProblem.of(field, "members.input.badEmail", abbreviate(part)));
            } else {
                emails.putIfAbsent(email.toLowerCase(Locale.ROOT), email);
            }
        }
        if (emails.isEmpty() && problems.isEmpty()) {
            problems.add(FieldProblem.of(field, "input.required"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return List.copyOf(emails.values());
    }

    static String email(String field, String raw) {
        List<FieldProblem> problems = new ArrayList<>();
        String email = EmailAddress.check(field, raw, problems);
        if (email == null) {
            throw new InvalidInputException(problems);
        }
        return email;
    }

    static String displayName(String field, String raw) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = PlainText.line(field, raw, true, 1, MAX_NAME, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return name;
    }

    /** A person's name and email as typed in one form; both are checked and every problem reported at once. */
    record NameAndEmail(String name, String email) {}

    static NameAndEmail nameAndEmail(String rawName, String rawEmail) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = PlainText.line("displayName", rawName, true, 1, MAX_NAME, problems);
        String email = EmailAddress.check("email", rawEmail, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new NameAndEmail(name, email);
    }

    /**
     * A new password typed twice, checked against the policy with the person's own words
     * ({@link org.essaim.member.password.PasswordRules}, the one way every form explains it).
     */
    static void password(
            String password,
            String confirmation,
            String uid,
            String email,
            String displayName,
            String slug,
            String spaceName) {
        PasswordRules.require(
                password, confirmation, new PasswordPolicy.PersonalWords(uid, email, displayName, slug, spaceName));
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
