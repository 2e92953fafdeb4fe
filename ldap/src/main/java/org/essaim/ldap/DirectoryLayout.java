package org.essaim.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;

/**
 * Where things live in the directory. Staff under {@code ou=staff}, each space under
 * {@code ou=<slug>,ou=spaces} with its people, groups and read-only service account.
 */
public record DirectoryLayout(DN base) {

    public static DirectoryLayout of(String baseDn) {
        try {
            return new DirectoryLayout(new DN(baseDn));
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new IllegalArgumentException("Not a valid base DN: " + baseDn, e);
        }
    }

    public DN staff() {
        return child(base, "ou", "staff");
    }

    public DN staffMember(String uid) {
        return child(staff(), "uid", uid);
    }

    public DN spaces() {
        return child(base, "ou", "spaces");
    }

    public DN space(String slug) {
        return child(spaces(), "ou", slug);
    }

    public DN people(String slug) {
        return child(space(slug), "ou", "people");
    }

    public DN person(String slug, String uid) {
        return child(people(slug), "uid", uid);
    }

    public DN groups(String slug) {
        return child(space(slug), "ou", "groups");
    }

    public DN group(String slug, String cn) {
        return child(groups(slug), "cn", cn);
    }

    public DN serviceAccount(String slug) {
        return child(space(slug), "cn", "service");
    }

    /** Builds a child DN; the value is escaped by the SDK, so user input cannot change the DN's shape. */
    private static DN child(DN parent, String attribute, String value) {
        return new DN(new RDN(attribute, value), parent);
    }
}
