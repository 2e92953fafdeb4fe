package org.essaim.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;

import java.util.Locale;

/**
 * Where things live in the directory. Staff under {@code ou=staff}, each space under
 * {@code ou=<slug>,ou=spaces} with its people, groups and read-only service account.
 */
public record DirectoryLayout(DN base) {

    public static DirectoryLayout of(String baseDn) {
        try {
            return new DirectoryLayout(new DN(baseDn));
        } catch (LDAPException e) {
            throw new IllegalArgumentException("Not a valid base DN: " + baseDn, e);
        }
    }

    /**
     * The entry at the base itself, shaped by its naming attribute ({@code dc}, {@code o} or {@code ou}). Both the
     * control plane's skeleton and OpenLDAP's seed create it from here, so they always agree.
     */
    public Entry baseEntry() {
        RDN rdn = base.getRDN();
        if (rdn == null || rdn.getAttributeNames().length != 1) {
            throw new IllegalArgumentException("The base DN must start with a single-valued RDN: " + base);
        }
        String name = rdn.getAttributeNames()[0];
        String value = rdn.getAttributeValues()[0];
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "dc" ->
                new Entry(
                        base,
                        new Attribute("objectClass", "top", "dcObject", "organization"),
                        new Attribute("dc", value),
                        new Attribute("o", value));
            case "o" -> new Entry(base, new Attribute("objectClass", "top", "organization"), new Attribute("o", value));
            case "ou" ->
                new Entry(base, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", value));
            default -> throw new IllegalArgumentException("Unsupported base DN naming attribute: " + name);
        };
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

    /** Where password policies live (OpenLDAP's ppolicy entries, created by the seed). */
    public DN policies() {
        return child(base, "ou", "policies");
    }

    /** The password policy every person of every space points to with {@code pwdPolicySubentry}. */
    public DN peoplePasswordPolicy() {
        return child(policies(), "cn", "people");
    }

    /**
     * The entry a sign-in binds to when the name typed is nobody's (or a disabled person's), so that every failed
     * sign-in costs the directory one real password check: people's ({@code person} true, under the people's
     * password policy, as a person is) or staff's (no policy, as staff). Under {@code ou=staff}, which no space's
     * service account can read; not an {@code inetOrgPerson}, so never listed as staff nor reachable by a sign-in.
     */
    public DN signInDecoy(boolean person) {
        return child(staff(), "cn", person ? "sign-in-decoy-people" : "sign-in-decoy-staff");
    }

    /** Builds a child DN; the value is escaped by the SDK, so user input cannot change the DN's shape. */
    private static DN child(DN parent, String attribute, String value) {
        return new DN(new RDN(attribute, value), parent);
    }
}
