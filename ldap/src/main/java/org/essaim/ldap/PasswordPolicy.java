package org.essaim.ldap;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * The password policy for people, checked before every Password Modify so that a refusal can be explained (OpenLDAP
 * enforces the length again through its ppolicy entry {@code cn=people,ou=policies}):
 * <ol>
 *   <li>at most {@value #MAX_LENGTH} characters (refused before anything else looks at it) and no control character
 *       (NUL, line breaks, tabs...);</li>
 *   <li>at least {@value #MIN_LENGTH} characters;</li>
 *   <li>not containing the person's own words, case-insensitive: their uid (with or without its dots), the local part
 *       of their email, the space's slug (with or without its hyphens) or name;</li>
 *   <li>hard to guess: zxcvbn's estimate (its Java port, with the same words as its own dictionary, and the parts of
 *       the person's name too) must reach score {@value #MIN_SCORE} of 4, about 10⁸ guesses.</li>
 * </ol>
 *
 * <p>A refusal is a stable {@link Refusal} code, with zxcvbn's own feedback keys for a weak one: the control plane
 * turns both into messages in the reader's language (it never shows zxcvbn's English).
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;
    /** zxcvbn's scale: 3 is "safely unguessable: moderate protection from an offline slow-hash scenario". */
    public static final int MIN_SCORE = 3;
    /** Parts shorter than this (a 2-letter uid, "a@...") would refuse too many good passwords for no gain. */
    private static final int MIN_PART_LENGTH = 3;

    private static final Zxcvbn ZXCVBN = new Zxcvbn();

    /** Why a password was refused; the names are stable, the control plane keys its messages on them. */
    public enum Refusal {
        TOO_LONG,
        CONTROL_CHARACTER,
        TOO_SHORT,
        CONTAINS_UID,
        CONTAINS_EMAIL,
        CONTAINS_SPACE_NAME,
        CONTAINS_NAME,
        TOO_GUESSABLE
    }

    /**
     * A refusal and, for {@link Refusal#TOO_GUESSABLE}, zxcvbn's feedback keys ({@code feedback.repeat.warning.likeAAA},
     * ...): its warning (may be empty) and its suggestions.
     */
    public record Verdict(Refusal refusal, String warning, List<String> suggestions) {

        public static Verdict of(Refusal refusal) {
            return new Verdict(refusal, "", List.of());
        }
    }

    /**
     * What the person and their space are called: the words their password may not hold and that zxcvbn tries first.
     * Any value may be null.
     */
    public record PersonalWords(String uid, String email, String displayName, String slug, String spaceName) {}

    private PasswordPolicy() {}

    /**
     * @param uid        the person's uid
     * @param email      their email, may be null
     * @param spaceNames the space's slug and display name; null values are ignored
     * @return the first reason the password is refused, or empty when it is acceptable
     */
    public static Optional<Refusal> check(String password, String uid, String email, String... spaceNames) {
        return assess(password, words(uid, email, null, spaceNames)).map(Verdict::refusal);
    }

    /** As {@link #check}, with zxcvbn's feedback for a weak password. */
    public static Optional<Verdict> assess(String password, PersonalWords words) {
        if (password != null && password.length() > MAX_LENGTH * 2) {
            return Optional.of(Verdict.of(Refusal.TOO_LONG)); // more UTF-16 units than any allowed password has
        }
        if (password != null && password.codePointCount(0, password.length()) > MAX_LENGTH) {
            return Optional.of(Verdict.of(Refusal.TOO_LONG));
        }
        if (password != null && password.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL)) {
            return Optional.of(Verdict.of(Refusal.CONTROL_CHARACTER));
        }
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of(Verdict.of(Refusal.TOO_SHORT));
        }
        String folded = fold(password);
        if (containsAny(folded, variants(words.uid(), "."))) {
            return Optional.of(Verdict.of(Refusal.CONTAINS_UID));
        }
        if (words.email() != null) {
            int at = words.email().lastIndexOf('@');
            String local = at < 0 ? words.email() : words.email().substring(0, at);
            if (containsAny(folded, variants(local, "."))) {
                return Optional.of(Verdict.of(Refusal.CONTAINS_EMAIL));
            }
        }
        if (containsAny(folded, variants(words.slug(), "-")) || containsAny(folded, variants(words.spaceName(), " "))) {
            return Optional.of(Verdict.of(Refusal.CONTAINS_SPACE_NAME));
        }
        if (containsAny(folded, variants(words.displayName(), " "))) {
            return Optional.of(Verdict.of(Refusal.CONTAINS_NAME));
        }
        Strength strength = ZXCVBN.measure(password, dictionary(words));
        if (strength.getScore() < MIN_SCORE) {
            Feedback feedback = strength.getFeedback().withResourceBundle(KEYS);
            List<String> suggestions =
                    feedback.getSuggestions().stream().filter(s -> !s.isEmpty()).toList();
            return Optional.of(new Verdict(Refusal.TOO_GUESSABLE, feedback.getWarning(), suggestions));
        }
        return Optional.empty();
    }

    /** Throws {@link PasswordRefusedException} when {@link #check} refuses the password. */
    public static void require(String password, String uid, String email, String... spaceNames) {
        require(password, words(uid, email, null, spaceNames));
    }

    /** Throws {@link PasswordRefusedException} when {@link #assess} refuses the password. */
    public static void require(String password, PersonalWords words) {
        assess(password, words).ifPresent(verdict -> {
            throw new PasswordRefusedException(verdict);
        });
    }

    private static PersonalWords words(String uid, String email, String displayName, String... spaceNames) {
        String slug = spaceNames.length > 0 ? spaceNames[0] : null;
        String name = spaceNames.length > 1
                ? String.join(
                        " ",
                        Arrays.stream(spaceNames).skip(1).filter(n -> n != null).toList())
                : null;
        return new PersonalWords(uid, email, displayName, slug, name);
    }

    /** The word as it is, without its separators, and (as zxcvbn's dictionary) each of its parts. */
    private static List<String> variants(String word, String separator) {
        if (word == null || word.isBlank()) {
            return List.of();
        }
        String whole = fold(word.strip());
        return List.of(whole, whole.replace(separator, ""));
    }

    private static List<String> dictionary(PersonalWords words) {
        Set<String> dictionary = new LinkedHashSet<>();
        for (String word :
                new String[] {words.uid(), words.email(), words.displayName(), words.slug(), words.spaceName()}) {
            if (word == null || word.isBlank()) {
                continue;
            }
            String folded = fold(word.strip());
            dictionary.add(folded);
            dictionary.add(folded.replaceAll("[\\s.@_-]+", ""));
            for (String part : folded.split("[\\s.@_-]+")) {
                if (part.length() >= MIN_PART_LENGTH) {
                    dictionary.add(part);
                }
            }
        }
        return new ArrayList<>(dictionary);
    }

    private static boolean containsAny(String foldedPassword, List<String> foldedParts) {
        return foldedParts.stream().anyMatch(part -> part.length() >= MIN_PART_LENGTH && foldedPassword.contains(part));
    }

    private static String fold(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    /** A bundle whose every message is its own key: zxcvbn's feedback then gives its keys, not its English. */
    private static final ResourceBundle KEYS = new ResourceBundle() {
        @Override
        protected Object handleGetObject(String key) {
            return key;
        }

        @Override
        public Enumeration<String> getKeys() {
            return Collections.emptyEnumeration();
        }
    };
}
