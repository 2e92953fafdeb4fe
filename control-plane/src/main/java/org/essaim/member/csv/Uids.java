package org.essaim.member.csv;

import org.essaim.ldap.SpaceMembers;

import java.util.Set;

/**
 * The uid of an imported person, by the ldap module's one rule ({@link SpaceMembers#uidBase}: the name folded to
 * ASCII letters and digits joined by dots, else the email's local part, else {@code member}; a number added when
 * taken: {@link SpaceMembers#uid}, which {@link SpaceMembers#freeUid} uses too), checked against a set of taken uids known in advance rather than
 * one directory search per candidate. Nothing a name holds ({@code *()\,+=<>#;"}) reaches a DN through the uid.
 */
public final class Uids {

    private Uids() {}

    /** A uid matching {@link SpaceMembers#UID} that is not in {@code taken} (lower-case uids). */
    public static String choose(String name, String email, Set<String> taken) {
        String uid = SpaceMembers.uid(name, email, taken::contains);
        if (!SpaceMembers.UID.matcher(uid).matches()) {
            throw new IllegalStateException("Folded uid does not match the uid pattern: " + uid);
        }
        return uid;
    }
}
