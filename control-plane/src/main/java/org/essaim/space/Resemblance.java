package org.essaim.space;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keys under which two organisations look like the same one: names without case, accents, punctuation or the
 * words every association name has ("association", "les", "de"...); email addresses without case or
 * {@code +tag}; identifiers without spaces. Applications and spaces store them so that reviewers see a likely
 * duplicate at once.
 */
public final class Resemblance {

    private static final Pattern COMBINING = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> COMMON_WORDS = Set.of(
            "association",
            "asso",
            "assoc",
            "collectif",
            "collective",
            "club",
            "amicale",
            "federation",
            "le",
            "la",
            "les",
            "l",
            "de",
            "du",
            "des",
            "d",
            "et",
            "en",
            "au",
            "aux",
            "pour",
            "sur",
            "the",
            "of",
            "and",
            "for",
            "a",
            "an");

    private Resemblance() {}

    /** Lower case, without accents or compatibility forms: what search compares. */
    public static String fold(String text) {
        return COMBINING
                .matcher(Normalizer.normalize(text, Normalizer.Form.NFKD))
                .replaceAll("")
                .toLowerCase(Locale.ROOT);
    }

    public static String nameKey(String name) {
        String folded = fold(name);
        String key = Pattern.compile(" ")
                .splitAsStream(NOT_ALPHANUMERIC.matcher(folded).replaceAll(" ").strip())
                .filter(word -> !word.isEmpty() && !COMMON_WORDS.contains(word))
                .collect(Collectors.joining(" "));
        // A name made only of common words is its own key.
        return key.isEmpty() ? folded.strip() : key;
    }

    public static String emailKey(String email) {
        String lower = email.strip().toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        if (at <= 0) {
            return lower;
        }
        String local = lower.substring(0, at);
        int plus = local.indexOf('+');
        return (plus > 0 ? local.substring(0, plus) : local) + lower.substring(at);
    }

    public static String identifierKey(String identifier) {
        return identifier == null ? null : identifier.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }
}
