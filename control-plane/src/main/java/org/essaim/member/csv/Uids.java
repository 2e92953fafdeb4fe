package org.essaim.member.csv;

import org.essaim.ldap.SpaceMembers;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The uid of a new person: their name folded to lower-case ASCII ("Hélène Dupré-Roy" → {@code helene.dupre-roy}),
 * else their email's local part, else {@code member}; {@code -2}, {@code -3}... when taken. Every character outside
 * {@code [a-z0-9._-]} becomes a dot, so nothing a name holds ({@code *()\,+=<>#;"}) reaches a DN through the uid.
 */
public final class Uids {

    private static final int BASE_LENGTH = 40;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern OTHER = Pattern.compile("[^a-z0-9_-]+");
    private static final Pattern EDGES = Pattern.compile("^[._-]+|[._-]+$");

    private Uids() {
    }

    /** A uid matching {@link SpaceMembers#UID} that is not in {@code taken} (lower-case uids). */
    public static String choose(String name, String email, Set<String> taken) {
        String base = fold(name);
        if (base.isEmpty() && email != null) {
            base = fold(email.substring(0, Math.max(0, email.indexOf('@'))));
        }
        if (base.isEmpty()) {
            base = "member";
        }
        String uid = base;
        for (int n = 2; taken.contains(uid); n++) {
            uid = base + "-" + n;
        }
        if (!SpaceMembers.UID.matcher(uid).matches()) {
            throw new IllegalStateException("Folded uid does not match the uid pattern: " + uid);
        }
        return uid;
    }

    static String fold(String value) {
        if (value == null) {
            return "";
        }
        String ascii = MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("")
                .replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o")
                .replace("Æ", "ae").replace("Œ", "oe").replace("Ø", "o")
                .toLowerCase(Locale.ROOT);
        String dotted = OTHER.matcher(ascii).replaceAll(".");
        String trimmed = EDGES.matcher(dotted.length() > BASE_LENGTH ? dotted.substring(0, BASE_LENGTH) : dotted)
                .replaceAll("");
        return trimmed.replaceAll("\\.{2,}", ".");
    }
}
