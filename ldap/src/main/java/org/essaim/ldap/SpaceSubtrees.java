package org.essaim.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.essaim.ldap.DirectoryConnection.organizationalUnit;

/**
 * Each space's subtree, {@code ou=<slug>,ou=spaces}: created whole or finished when a crash left it halfway, read
 * (is it there, is it complete), its read-only service account's password replaced, and erased. What lives inside,
 * people and groups, is {@link SpaceMembers}'.
 */
public final class SpaceSubtrees {

    private final DirectoryConnection directory;
    private final LDAPConnectionPool pool;
    private final DirectoryLayout layout;

    public SpaceSubtrees(DirectoryConnection directory) {
        this.directory = directory;
        this.pool = directory.pool();
        this.layout = directory.layout();
    }

    /**
     * Creates whatever is missing of a space's subtree: {@code ou=<slug>,ou=spaces}, its {@code ou=people} and
     * {@code ou=groups}, and its read-only service account {@code cn=service} with the given password (which the
     * directory hashes). Entries that exist are left alone, the service account's password included, so this is
     * safe to call on every reconciliation and after a crash halfway: a space that is complete costs one search.
     * The groups {@code cn=members} and {@code cn=admins} are not created here: {@code groupOfNames} needs a member,
     * so they come with the space's first person.
     *
     * @return the entries this call created, parents first (empty when the subtree was complete)
     */
    public List<DN> ensureSpace(String slug, String servicePassword) {
        if (servicePassword == null || servicePassword.isEmpty()) {
            throw new IllegalArgumentException("A space's service account needs a password");
        }
        DN space = layout.space(slug);
        Set<DN> present = new HashSet<>();
        try {
            SearchResult children =
                    pool.search(space.toString(), SearchScope.ONE, Filter.createPresenceFilter("objectClass"), "1.1");
            present.add(space);
            for (SearchResultEntry entry : children.getSearchEntries()) {
                present.add(entry.getParsedDN());
            }
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                throw directory.failure(e);
            }
        }
        List<DN> created = new ArrayList<>();
        if (!present.contains(space)) {
            directory.ensureSkeleton();
            createIfMissing(organizationalUnit(space, slug), created);
        }
        if (!present.contains(layout.people(slug))) {
            createIfMissing(organizationalUnit(layout.people(slug), "people"), created);
        }
        if (!present.contains(layout.groups(slug))) {
            createIfMissing(organizationalUnit(layout.groups(slug), "groups"), created);
        }
        DN service = layout.serviceAccount(slug);
        if (!present.contains(service)) {
            // simpleSecurityObject requires a password at creation: the directory hashes it on the way in (argon2
            // through ppolicy's hash_cleartext on OpenLDAP, SSHA-256 in the embedded directory).
            boolean added = createIfMissing(
                    new Entry(
                            service,
                            new Attribute("objectClass", "top", "applicationProcess", "simpleSecurityObject"),
                            new Attribute("cn", "service"),
                            new Attribute("description", "Read-only account of the apps of space " + slug),
                            new Attribute("userPassword", servicePassword)),
                    created);
            if (added) {
                directory.setPassword(service, servicePassword);
            }
        }
        return created;
    }

    /**
     * True when the space's whole subtree is there ({@link #ensureSpace} creates the service account last): people
     * can be added and counted. {@link #hasSpace} is true earlier, from the first entry created.
     */
    public boolean spaceReady(String slug) {
        return exists(layout.serviceAccount(slug));
    }

    /** True when the space's subtree exists (complete or not). */
    public boolean hasSpace(String slug) {
        return exists(layout.space(slug));
    }

    private boolean exists(DN entry) {
        try {
            return pool.getEntry(entry.toString(), "1.1") != null;
        } catch (LDAPException e) {
            throw directory.failure(e);
        }
    }

    /** Sets the space's service account password (Password Modify: the directory hashes it). */
    public void setServicePassword(String slug, String password) {
        directory.setPassword(layout.serviceAccount(slug), password);
    }

    /**
     * Removes a space's whole subtree: its people, groups, service account and the space's own entry. Groups go
     * first, so that removing people never asks the server to empty a group; then the rest, deepest first.
     * Removing a space that is already gone does nothing.
     *
     * @return how many entries were removed
     */
    public int removeSpace(String slug) {
        DN space = layout.space(slug);
        DN groups = layout.groups(slug);
        List<DN> entries = new ArrayList<>();
        try {
            SearchResult result =
                    pool.search(space.toString(), SearchScope.SUB, Filter.createPresenceFilter("objectClass"), "1.1");
            for (SearchResultEntry entry : result.getSearchEntries()) {
                entries.add(entry.getParsedDN());
            }
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return 0;
            }
            throw directory.failure(e);
        }
        entries.sort(Comparator.<DN>comparingInt(dn -> dn.isDescendantOf(groups, false) ? 0 : 1)
                .thenComparing(
                        Comparator.<DN>comparingInt(dn -> dn.getRDNs().length).reversed()));
        int removed = 0;
        for (DN dn : entries) {
            try {
                pool.delete(dn.toString());
                removed++;
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                    throw directory.failure(e);
                }
            }
        }
        return removed;
    }

    private boolean createIfMissing(Entry entry, List<DN> created) {
        try {
            pool.add(entry);
            created.add(entry.getParsedDN());
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.ENTRY_ALREADY_EXISTS) {
                return false;
            }
            throw directory.failure(e);
        }
    }
}
