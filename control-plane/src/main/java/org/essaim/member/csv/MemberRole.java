package org.essaim.member.csv;

import java.util.Optional;
import java.util.Set;

/** The role a listed person gets: {@code cn=members} only, or {@code cn=admins} too. */
public enum MemberRole {
    MEMBER,
    ADMIN;

    private static final Set<String> MEMBER_WORDS = Set.of("", "member", "members", "membre", "membres");
    private static final Set<String> ADMIN_WORDS = Set.of(
            "admin",
            "admins",
            "administrator",
            "administrators",
            "administrateur",
            "administrateurs",
            "administratrice",
            "administratrices");

    /** Reads a role cell in English or French ({@code member}, {@code membre}, {@code admin}...); empty is member. */
    static Optional<MemberRole> read(String cell) {
        String word = Headers.fold(cell);
        if (MEMBER_WORDS.contains(word)) {
            return Optional.of(MEMBER);
        }
        if (ADMIN_WORDS.contains(word)) {
            return Optional.of(ADMIN);
        }
        return Optional.empty();
    }
}
