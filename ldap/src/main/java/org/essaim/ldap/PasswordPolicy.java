package org.essaim.ldap;

import java.util.Locale;
import java.util.Optional;

/**
 * The password policy for people: at least {@value #MIN_LENGTH} characters, and not containing the person's uid,
 * the local part of their email or the space's name (case-insensitive). It is checked before every Password Modify
 * so that a refusal can be explained; OpenLDAP enforces the length again through its ppolicy entry
 * ({@code cn=people,ou=policies}).
 *
 * <p>A refusal is a stable {@link Refusal} code: the control plane turns it into a message in the reader's language.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    /** Parts shorter than this (a 2-letter uid, "a@...") would refuse too many good passwords for no gain. */
    private static final int MIN_PART_LENGTH = 3;

    /** Why a password was refused; the names are stable, the control plane keys its messages on them. */
    public enum Refusal {
        TOO_SHORT,
        CONTAINS_UID,
        CONTAINS_EMAIL,
        CONTAINS_SPACE_NAME
    }

    private PasswordPolicy() {
    }

    /**
     * @param uid       the person's uid
     * @param email     their email, may be null
     * @param spaceNames the space's slug and display name; null values are ignored
     * @return the first reason the password is refused, or empty when it is acceptable
     */
    public static Optional<Refusal> check(String password, String uid, String email, String... spaceNames) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of(Refusal.TOO_SHORT);
        }
        String folded = fold(password);
        if (contains(folded, uid)) {
            return Optional.of(Refusal.CONTAINS_UID);
        }
        if (email != null) {
            int at = email.lastIndexOf('@');
            if (contains(folded, at < 0 ? email : email.substring(0, at))) {
                return Optional.of(Refusal.CONTAINS_EMAIL);
            }
        }
        for (String spaceName : spaceNames) {
            if (contains(folded, spaceName)) {
                return Optional.of(Refusal.CONTAINS_SPACE_NAME);
            }
        }
        return Optional.empty();
    }

    /** Throws {@link PasswordRefusedException} when {@link #check} refuses the password. */
    public static void require(String password, String uid, String email, String... spaceNames) {
        check(password, uid, email, spaceNames).ifPresent(refusal -> {
            throw new PasswordRefusedException(refusal);
        });
    }

    private static boolean contains(String foldedPassword, String part) {
        if (part == null || part.isBlank()) {
            return false;
        }
        String foldedPart = fold(part.strip());
        return foldedPart.length() >= MIN_PART_LENGTH && foldedPassword.contains(foldedPart);
    }

    private static String fold(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
