package org.essaim.member.csv;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The column names a member list's header row may use, in English and French; compared without case or accents. */
final class Headers {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s_.\\-’']+");
    static final Set<String> NAME = Set.of(
            "name",
            "names",
            "full name",
            "display name",
            "nom",
            "noms",
            "nom complet",
            "prenom nom",
            "nom prenom",
            "nom et prenom",
            "prenom et nom",
            "nom affiche");
    static final Set<String> EMAIL = Set.of(
            "email",
            "emails",
            "e mail",
            "mail",
            "courriel",
            "email address",
            "e mail address",
            "adresse email",
            "adresse e mail",
            "adresse mail",
            "adresse electronique",
            "adresse courriel");
    static final Set<String> ROLE = Set.of("role", "roles");

    private Headers() {}

    /** Column positions named by a header row, or null when the row is not a header. */
    record Columns(int name, int email, int role) {}

    /** A header is a first row that names the email column; it must then name the name column too. */
    static Columns find(List<String> firstRow) {
        int name = -1;
        int email = -1;
        int role = -1;
        for (int i = 0; i < firstRow.size(); i++) {
            String cell = fold(firstRow.get(i));
            if (EMAIL.contains(cell) && email < 0) {
                email = i;
            } else if (NAME.contains(cell) && name < 0) {
                name = i;
            } else if (ROLE.contains(cell) && role < 0) {
                role = i;
            }
        }
        if (email < 0) {
            return null;
        }
        if (name < 0) {
            throw new MemberListRefusedException("noNameColumn");
        }
        return new Columns(name, email, role);
    }

    static String fold(String value) {
        String stripped = value == null ? "" : value.strip();
        String decomposed = Normalizer.normalize(stripped, Normalizer.Form.NFD);
        return SEPARATORS
                .matcher(MARKS.matcher(decomposed).replaceAll(""))
                .replaceAll(" ")
                .strip()
                .toLowerCase(Locale.ROOT);
    }
}
