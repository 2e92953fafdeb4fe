package org.essaim.ldap.testing;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import org.essaim.ldap.DirectoryLayout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One space's directory subtree as DESIGN.md describes it ({@code ou=people}, {@code ou=groups} with
 * {@code cn=members} and {@code cn=admins}, the read-only {@code cn=service} account), written through a connection
 * bound as the control plane, for tests that need spaces before the provisioner creates them. Passwords are set
 * with Password Modify, so the directory hashes them as in production.
 *
 * <pre>{@code
 * SpaceSubtree.named("alpha").person("alice", "alice-pw").person("bob", "bob-pw").servicePassword("svc-pw")
 *         .createIn(connection, slapd.layout());
 * }</pre>
 * The first person is the referent: in both groups. Everyone else is in {@code cn=members} only.
 */
public final class SpaceSubtree {

    private final String slug;
    private final Map<String, String> people = new LinkedHashMap<>();
    private String servicePassword;

    private SpaceSubtree(String slug) {
        this.slug = slug;
    }

    public static SpaceSubtree named(String slug) {
        return new SpaceSubtree(slug);
    }

    public SpaceSubtree person(String uid, String password) {
        people.put(uid, password);
        return this;
    }

    public SpaceSubtree servicePassword(String password) {
        this.servicePassword = password;
        return this;
    }

    public String slug() {
        return slug;
    }

    /** Creates {@code ou=spaces} if needed, then the whole subtree. */
    public void createIn(LDAPConnection controlPlane, DirectoryLayout layout) throws LDAPException {
        if (people.isEmpty() || servicePassword == null) {
            // groupOfNames requires a member, and a service account without a password cannot bind.
            throw new IllegalStateException("A space needs at least one person and a service password");
        }
        if (controlPlane.getEntry(layout.spaces().toString(), "1.1") == null) {
            controlPlane.add(organizationalUnit(layout.spaces(), "spaces"));
        }
        controlPlane.add(organizationalUnit(layout.space(slug), slug));
        controlPlane.add(organizationalUnit(layout.people(slug), "people"));
        controlPlane.add(organizationalUnit(layout.groups(slug), "groups"));
        for (Map.Entry<String, String> person : people.entrySet()) {
            addPerson(controlPlane, layout, slug, person.getKey(), person.getValue());
        }
        String[] everyone = people.keySet().stream()
                .map(uid -> layout.person(slug, uid).toString())
                .toArray(String[]::new);
        controlPlane.add(group(layout.group(slug, "members"), "members", everyone));
        controlPlane.add(group(layout.group(slug, "admins"), "admins", everyone[0]));
        controlPlane.add(new Entry(
                layout.serviceAccount(slug),
                new Attribute("objectClass", "top", "applicationProcess", "simpleSecurityObject"),
                new Attribute("cn", "service"),
                new Attribute("description", "Read-only account of the apps of space " + slug),
                // simpleSecurityObject requires a password at creation; Password Modify replaces it right after.
                new Attribute("userPassword", servicePassword)));
        setPassword(controlPlane, layout.serviceAccount(slug), servicePassword);
    }

    /** Adds one person to an existing space and sets their password, as the control plane does on sign-up. */
    public static void addPerson(
            LDAPConnection controlPlane, DirectoryLayout layout, String slug, String uid, String password)
            throws LDAPException {
        controlPlane.add(new Entry(
                layout.person(slug, uid),
                new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                new Attribute("uid", uid),
                new Attribute("cn", uid),
                new Attribute("sn", uid),
                new Attribute("mail", uid + "@" + slug + ".example")));
        setPassword(controlPlane, layout.person(slug, uid), password);
    }

    private static void setPassword(LDAPConnection controlPlane, DN account, String password) throws LDAPException {
        ExtendedResult result = controlPlane.processExtendedOperation(
                new PasswordModifyExtendedRequest(account.toString(), null, password));
        if (result.getResultCode() != ResultCode.SUCCESS) {
            throw new LDAPException(result);
        }
    }

    private static Entry organizationalUnit(DN dn, String name) {
        return new Entry(dn, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", name));
    }

    private static Entry group(DN dn, String name, String... members) {
        return new Entry(
                dn,
                new Attribute("objectClass", "top", "groupOfNames"),
                new Attribute("cn", name),
                new Attribute("member", members));
    }
}
