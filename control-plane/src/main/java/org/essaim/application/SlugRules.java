package org.essaim.application;

import org.essaim.space.resource.SpaceSlug;
import org.essaim.web.FieldProblem;
import org.springframework.stereotype.Component;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape of a desired address {@code <slug>.<domain>}: the rules of {@link SpaceSlug} (what the Space CRD and the
 * provisioner enforce: 3 to 30 characters, lowercase letters a to z, digits and hyphens inside, never two in a row so
 * no {@code xn--} punycode label, starting with a letter), not reserved, not ending in
 * {@code -events} or {@code -forum} (those names belong to each space's events service and forum). Letters from
 * other scripts that look like Latin ones (Cyrillic «а», Greek «ο», fullwidth «ａ») are refused with a message that
 * says so: an address must read as what it is. Whether the address is free is checked elsewhere, against the
 * database.
 */
@Component
public class SlugRules {

    public static final int MIN = SpaceSlug.MIN_LENGTH;
    public static final int MAX = SpaceSlug.MAX_LENGTH;
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9-]+");
    private static final Pattern COMBINING = Pattern.compile("\\p{M}+");
    /** Letters of other scripts that look like a Latin letter or digit, and what they look like. */
    private static final Map<Integer, Character> CONFUSABLES = Map.ofEntries(
            Map.entry(0x0430, 'a'),
            Map.entry(0x0435, 'e'),
            Map.entry(0x043E, 'o'),
            Map.entry(0x0440, 'p'),
            Map.entry(0x0441, 'c'),
            Map.entry(0x0443, 'y'),
            Map.entry(0x0445, 'x'),
            Map.entry(0x0455, 's'),
            Map.entry(0x0456, 'i'),
            Map.entry(0x0458, 'j'),
            Map.entry(0x04BB, 'h'),
            Map.entry(0x0501, 'd'),
            Map.entry(0x051B, 'q'),
            Map.entry(0x051D, 'w'),
            Map.entry(0x04CF, 'l'),
            Map.entry(0x0432, 'b'),
            Map.entry(0x043A, 'k'),
            Map.entry(0x043C, 'm'),
            Map.entry(0x043D, 'h'),
            Map.entry(0x0442, 't'),
            Map.entry(0x03B1, 'a'),
            Map.entry(0x03BF, 'o'),
            Map.entry(0x03BD, 'v'),
            Map.entry(0x03C1, 'p'),
            Map.entry(0x03C5, 'u'),
            Map.entry(0x03B9, 'i'),
            Map.entry(0x03BA, 'k'),
            Map.entry(0x03C7, 'x'),
            Map.entry(0x03F2, 'c'),
            Map.entry(0x03B5, 'e'),
            Map.entry(0x03C4, 't'),
            Map.entry(0x0131, 'i'),
            Map.entry(0x0261, 'g'),
            Map.entry(0x0251, 'a'),
            Map.entry(0x01C0, 'l'),
            Map.entry(0x0660, '0'),
            Map.entry(0x06F0, '0'),
            Map.entry(0x0966, '0'),
            Map.entry(0x2010, '-'),
            Map.entry(0x2011, '-'),
            Map.entry(0x2012, '-'),
            Map.entry(0x2013, '-'),
            Map.entry(0x2212, '-'),
            Map.entry(0x00AD, '-'));

    private final Set<String> reserved;

    SlugRules(ApplicationSettings settings) {
        Set<String> all = new HashSet<>(SpaceSlug.RESERVED);
        settings.reservedSlugs().forEach(slug -> all.add(slug.strip().toLowerCase(Locale.ROOT)));
        this.reserved = Set.copyOf(all);
    }

    /**
     * Checks the shape of {@code raw} (surrounding spaces dropped, A to Z lowered) and returns the slug, or null
     * after adding one problem for {@code field}.
     */
    public String check(String field, String raw, List<FieldProblem> problems) {
        String slug = lowerAscii(raw == null ? "" : raw.strip());
        if (slug.isEmpty()) {
            problems.add(FieldProblem.of(field, "input.required"));
            return null;
        }
        FieldProblem foreign = foreignCharacter(field, slug);
        if (foreign != null) {
            problems.add(foreign);
            return null;
        }
        if (slug.length() < MIN || slug.length() > MAX) {
            problems.add(FieldProblem.of(field, "slug.length", MIN, MAX));
            return null;
        }
        if (!SHAPE.matcher(slug).matches()) {
            problems.add(FieldProblem.of(field, "slug.characters"));
            return null;
        }
        if (slug.startsWith("-") || slug.endsWith("-")) {
            problems.add(FieldProblem.of(field, "slug.hyphenAtEdge"));
            return null;
        }
        if (slug.contains("--")) {
            problems.add(FieldProblem.of(field, "slug.doubleHyphen"));
            return null;
        }
        if (!Character.isLetter(slug.charAt(0))) {
            problems.add(FieldProblem.of(field, "slug.startsWithLetter"));
            return null;
        }
        if (reserved.contains(slug)) {
            problems.add(FieldProblem.of(field, "slug.reserved", slug));
            return null;
        }
        for (String suffix : SpaceSlug.RESERVED_SUFFIXES) {
            if (slug.endsWith(suffix)) {
                problems.add(FieldProblem.of(field, "slug.reservedSuffix", suffix));
                return null;
            }
        }
        // The messages above explain; SpaceSlug decides (it is what the CRD and the provisioner enforce).
        if (!SpaceSlug.isValid(slug)) {
            problems.add(FieldProblem.of(field, "slug.characters"));
            return null;
        }
        return slug;
    }

    /** The first character outside ASCII, explained: a look-alike, an accented letter, or simply not allowed. */
    private static FieldProblem foreignCharacter(String field, String slug) {
        for (int i = 0; i < slug.length(); ) {
            int c = slug.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                if (Character.isISOControl(c)) {
                    return FieldProblem.of(field, "slug.characters");
                }
                continue;
            }
            String shown = new String(Character.toChars(c));
            String unicodeName = Character.getName(c) == null
                    ? String.format("U+%04X", c)
                    : Character.getName(c) + String.format(", U+%04X", c);
            Character lookalike = CONFUSABLES.get(Character.toLowerCase(c));
            if (lookalike != null) {
                return FieldProblem.of(field, "slug.lookalike", shown, unicodeName, String.valueOf(lookalike));
            }
            String compatible = Normalizer.normalize(shown, Normalizer.Form.NFKC);
            if (compatible.length() == 1
                    && compatible.charAt(0) < 0x80
                    && Character.isLetterOrDigit(compatible.charAt(0))) {
                return FieldProblem.of(field, "slug.lookalike", shown, unicodeName, lowerAscii(compatible));
            }
            String base = COMBINING
                    .matcher(Normalizer.normalize(shown, Normalizer.Form.NFD))
                    .replaceAll("");
            if (base.length() == 1 && base.charAt(0) < 0x80 && Character.isLetter(base.charAt(0))) {
                return FieldProblem.of(field, "slug.accent", shown, lowerAscii(base));
            }
            return FieldProblem.of(field, "slug.characters");
        }
        return null;
    }

    private static String lowerAscii(String text) {
        StringBuilder lowered = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            lowered.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return lowered.toString();
    }
}
