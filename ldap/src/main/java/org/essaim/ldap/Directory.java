package org.essaim.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.ldif.LDIFWriter;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one way Essaim talks to its directory. Every account and group lives there; passwords are only ever
 * set through the Password Modify extended operation so that the directory hashes them, and checked by
 * binding, so Essaim holds no copy of any password.
 */
public class Directory implements AutoCloseable {

    private static final int POOL_SIZE = 8;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long RESPONSE_TIMEOUT_MILLIS = 10_000;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final DirectorySettings settings;
    private final DirectoryLayout layout;
    private final LDAPConnectionPool pool;

    private Directory(DirectorySettings settings, LDAPConnectionPool pool) {
        this.settings = settings;
        this.layout = DirectoryLayout.of(settings.baseDn());
        this.pool = pool;
    }

    /** Connects and binds as the control plane's account; fails with {@link DirectoryUnavailableException}. */
    public static Directory connect(DirectorySettings settings) {
        if (settings.bindPassword() == null || settings.bindPassword().isEmpty()) {
            // An empty simple bind is an anonymous bind: it would "succeed" and leave a directory that can do nothing.
            throw new IllegalStateException("No password configured for the directory account " + settings.bindDn());
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS);
        options.setResponseTimeoutMillis(RESPONSE_TIMEOUT_MILLIS);
        try {
            LDAPConnection connection = settings.secure()
                    ? new LDAPConnection(sslSocketFactory(), options, settings.host(), settings.port())
                    : new LDAPConnection(options, settings.host(), settings.port());
            try {
                connection.bind(new SimpleBindRequest(settings.bindDn(), settings.bindPassword()));
            } catch (LDAPException e) {
                connection.close();
                throw e;
            }
            LDAPConnectionPool pool = new LDAPConnectionPool(connection, 1, POOL_SIZE);
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
            pool.setConnectionPoolName("essaim-directory");
            return new Directory(settings, pool);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                throw new IllegalStateException("The directory at " + settings.url() + " refused the bind as "
                        + settings.bindDn() + ": check the configured bind DN and password", e);
            }
            throw new DirectoryUnavailableException(settings.url(), e);
        }
    }

    private static javax.net.ssl.SSLSocketFactory sslSocketFactory() throws LDAPException {
        try {
            String trustStore = System.getProperty("java.home") + "/lib/security/cacerts";
            return new SSLUtil(new TrustStoreTrustManager(trustStore)).createSSLSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new LDAPException(ResultCode.CONNECT_ERROR, "TLS setup failed: " + e.getMessage(), e);
        }
    }

    public DirectoryLayout layout() {
        return layout;
    }

    public DirectorySettings settings() {
        return settings;
    }

    /** Creates the base entry, {@code ou=staff} and {@code ou=spaces} where they are missing. Idempotent. */
    public void ensureSkeleton() {
        addIfMissing(layout.baseEntry());
        addIfMissing(organizationalUnit(layout.staff(), "staff"));
        addIfMissing(organizationalUnit(layout.spaces(), "spaces"));
        addIfMissing(signInDecoy(true));
        addIfMissing(signInDecoy(false));
    }

    /**
     * A decoy sign-ins bind to instead of an account that does not exist (see {@link DirectoryLayout#signInDecoy}).
     * Its password is random, hashed by the directory on add (OpenLDAP's ppolicy {@code hash_cleartext}, the
     * embedded directory's encoder) and known to nobody: it is never written down, not even here.
     */
    private Entry signInDecoy(boolean person) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        Entry entry = new Entry(layout.signInDecoy(person),
                new Attribute("objectClass", "top", "applicationProcess", "simpleSecurityObject"),
                new Attribute("cn", layout.signInDecoy(person).getRDN().getAttributeValues()[0]),
                new Attribute("userPassword", java.util.HexFormat.of().formatHex(random)));
        if (person) {
            entry.addAttribute("pwdPolicySubentry", layout.peoplePasswordPolicy().toString());
        }
        return entry;
    }

    /**
     * A staff sign-in: one read of the entry, then one bind, as that account or, when there is no such account,
     * as the staff decoy, so that an unknown name costs what a wrong password does (no way to learn staff names by
     * timing). Answers true only for the account's own right password.
     */
    public boolean staffSignIn(String uid, String password) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        DN account = layout.staffMember(uid);
        boolean exists;
        try {
            exists = pool.getEntry(account.toString(), "1.1") != null;
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                throw failure(e);
            }
            exists = false;
        }
        boolean bound = authenticate(exists ? account : layout.signInDecoy(false), password);
        return exists && bound;
    }

    private static Entry organizationalUnit(DN dn, String name) {
        return new Entry(dn, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", name));
    }

    private void addIfMissing(Entry entry) {
        try {
            pool.add(entry);
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) {
                throw failure(e);
            }
        }
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
            SearchResult children = pool.search(space.toString(), SearchScope.ONE,
                    Filter.createPresenceFilter("objectClass"), "1.1");
            present.add(space);
            for (SearchResultEntry entry : children.getSearchEntries()) {
                present.add(entry.getParsedDN());
            }
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                throw failure(e);
            }
        }
        List<DN> created = new ArrayList<>();
        if (!present.contains(space)) {
            ensureSkeleton();
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
            boolean added = createIfMissing(new Entry(service,
                    new Attribute("objectClass", "top", "applicationProcess", "simpleSecurityObject"),
                    new Attribute("cn", "service"),
                    new Attribute("description", "Read-only account of the apps of space " + slug),
                    new Attribute("userPassword", servicePassword)), created);
            if (added) {
                setPassword(service, servicePassword);
            }
        }
        return created;
    }

    /**
     * True when the space's whole subtree is there ({@link #ensureSpace} creates the service account last): people
     * can be added and counted. {@link #hasSpace} is true earlier, from the first entry created.
     */
    public boolean spaceReady(String slug) {
        try {
            return pool.getEntry(layout.serviceAccount(slug).toString(), "1.1") != null;
        } catch (LDAPException e) {
            throw failure(e);
        }
    }

    /** True when the space's subtree exists (complete or not). */
    public boolean hasSpace(String slug) {
        try {
            return pool.getEntry(layout.space(slug).toString(), "1.1") != null;
        } catch (LDAPException e) {
            throw failure(e);
        }
    }

    /** Sets the space's service account password (Password Modify: the directory hashes it). */
    public void setServicePassword(String slug, String password) {
        setPassword(layout.serviceAccount(slug), password);
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
            SearchResult result = pool.search(space.toString(), SearchScope.SUB,
                    Filter.createPresenceFilter("objectClass"), "1.1");
            for (SearchResultEntry entry : result.getSearchEntries()) {
                entries.add(entry.getParsedDN());
            }
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return 0;
            }
            throw failure(e);
        }
        entries.sort(Comparator.<DN>comparingInt(dn -> dn.isDescendantOf(groups, false) ? 0 : 1)
                .thenComparing(Comparator.<DN>comparingInt(dn -> dn.getRDNs().length).reversed()));
        int removed = 0;
        for (DN dn : entries) {
            try {
                pool.delete(dn.toString());
                removed++;
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                    throw failure(e);
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
            throw failure(e);
        }
    }

    /**
     * Writes every entry under the base (staff, spaces, people, groups, service accounts) to an LDIF file, password
     * hashes included, parents before children. The control plane's own backup; in production, {@code slapcat}
     * does the same from the server's side (runbooks/restoring.md).
     *
     * @return how many entries were written
     */
    public int exportTo(Path file) {
        try {
            SearchResult result = pool.search(layout.baseEntry().getDN(), SearchScope.SUB,
                    Filter.createPresenceFilter("objectClass"), "*");
            List<Entry> entries = new ArrayList<>(result.getSearchEntries());
            entries.sort(Comparator.comparingInt(Directory::depth));
            try (LDIFWriter writer = new LDIFWriter(file.toFile())) {
                for (Entry entry : entries) {
                    writer.writeEntry(entry);
                }
            }
            return entries.size();
        } catch (LDAPException e) {
            throw failure(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces every entry under the base with those of an {@link #exportTo export}: what is there is removed
     * (groups first, then children before parents), then the export's entries are added (everything but groups,
     * parents first, then the groups, so that membership overlays see their members). Password hashes are added as
     * they were, so people sign in with the passwords they had.
     *
     * @return how many entries were added
     */
    public int restoreFrom(Path file) {
        List<Entry> restored = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(file.toFile())) {
            for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
                restored.add(entry);
            }
        } catch (IOException | LDIFException e) {
            throw new IllegalArgumentException(file + " is not a directory export: " + e.getMessage(), e);
        }
        try {
            List<DN> present = new ArrayList<>();
            for (SearchResultEntry entry : pool.search(layout.baseEntry().getDN(), SearchScope.SUB,
                    Filter.createPresenceFilter("objectClass"), "objectClass").getSearchEntries()) {
                if (!entry.getDN().equalsIgnoreCase(layout.baseEntry().getDN())) {
                    present.add(entry.getParsedDN());
                }
            }
            present.sort(Comparator.<DN>comparingInt(dn -> isGroup(dn) ? 0 : 1)
                    .thenComparing(Comparator.<DN>comparingInt(dn -> dn.getRDNs().length).reversed()));
            for (DN dn : present) {
                pool.delete(dn.toString());
            }
            restored.sort(Comparator.<Entry>comparingInt(entry -> entry.hasObjectClass("groupOfNames") ? 1 : 0)
                    .thenComparingInt(Directory::depth));
            int added = 0;
            for (Entry entry : restored) {
                if (entry.getDN().equalsIgnoreCase(layout.baseEntry().getDN())) {
                    continue;
                }
                pool.add(entry);
                added++;
            }
            return added;
        } catch (LDAPException e) {
            throw failure(e);
        }
    }

    private static int depth(Entry entry) {
        try {
            return entry.getParsedDN().getRDNs().length;
        } catch (LDAPException e) {
            throw new IllegalArgumentException("Not a valid DN: " + entry.getDN(), e);
        }
    }

    private boolean isGroup(DN dn) {
        return dn.getRDN().hasAttribute("cn") && dn.getParent() != null && dn.getParent().getRDN().hasAttributeValue(
                "ou", "groups");
    }

    /** The people and groups of the spaces. */
    public SpaceMembers members() {
        return new SpaceMembers(pool, layout, this::failure, this::authenticate);
    }

    /** True when at least one staff account exists: an empty staff branch means a first start. */
    public boolean hasStaff() {
        try {
            SearchResult result = pool.search(layout.staff().toString(), SearchScope.ONE,
                    Filter.createEqualityFilter("objectClass", "inetOrgPerson"), "1.1");
            return result.getEntryCount() > 0;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return false;
            }
            throw failure(e);
        }
    }

    public void createStaff(StaffAccount account) {
        Entry entry = new Entry(layout.staffMember(account.uid()),
                new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                new Attribute("uid", account.uid()),
                new Attribute("cn", account.displayName()),
                new Attribute("sn", account.displayName()),
                new Attribute("displayName", account.displayName()));
        if (account.email() != null && !account.email().isBlank()) {
            entry.addAttribute("mail", account.email());
        }
        try {
            pool.add(entry);
        } catch (LDAPException e) {
            throw failure(e);
        }
    }

    public Optional<StaffAccount> findStaff(String uid) {
        try {
            SearchResultEntry entry = pool.getEntry(layout.staffMember(uid).toString(), "uid", "displayName", "cn", "mail");
            if (entry == null) {
                return Optional.empty();
            }
            String name = entry.getAttributeValue("displayName");
            return Optional.of(new StaffAccount(entry.getAttributeValue("uid"),
                    name != null ? name : entry.getAttributeValue("cn"), entry.getAttributeValue("mail")));
        } catch (LDAPException e) {
            throw failure(e);
        }
    }

    /** Every staff account, by uid: the reviewers an application can be assigned to. */
    public java.util.List<StaffAccount> listStaff() {
        try {
            SearchResult result = pool.search(layout.staff().toString(), SearchScope.ONE,
                    Filter.createEqualityFilter("objectClass", "inetOrgPerson"), "uid", "displayName", "cn", "mail");
            return result.getSearchEntries().stream()
                    .map(entry -> {
                        String name = entry.getAttributeValue("displayName");
                        return new StaffAccount(entry.getAttributeValue("uid"),
                                name != null ? name : entry.getAttributeValue("cn"), entry.getAttributeValue("mail"));
                    })
                    .sorted(java.util.Comparator.comparing(StaffAccount::uid))
                    .toList();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return java.util.List.of();
            }
            throw failure(e);
        }
    }

    /** Sets a password through the Password Modify extended operation (RFC 3062): the directory hashes it. */
    public void setPassword(DN account, String newPassword) {
        try {
            ExtendedResult result = pool.processExtendedOperation(
                    new PasswordModifyExtendedRequest(account.toString(), null, newPassword));
            if (result.getResultCode() != ResultCode.SUCCESS) {
                throw new DirectoryRefusalException(result.getResultCode(), result.getDiagnosticMessage());
            }
        } catch (LDAPException e) {
            throw failure(e);
        }
    }

    /**
     * Checks a password by binding as the account, then reverts the pooled connection to the control plane's
     * identity. Wrong password, unknown account and empty password all answer false; an unreachable directory
     * throws {@link DirectoryUnavailableException}.
     */
    public boolean authenticate(DN account, String password) {
        if (password == null || password.isEmpty()) {
            return false; // an empty simple bind is an anonymous bind: it must never count as a sign-in
        }
        try {
            pool.bindAndRevertAuthentication(new SimpleBindRequest(account, password));
            return true;
        } catch (LDAPException e) {
            ResultCode code = e.getResultCode();
            if (code == ResultCode.INVALID_CREDENTIALS || code == ResultCode.NO_SUCH_OBJECT
                    || code == ResultCode.INAPPROPRIATE_AUTHENTICATION || code == ResultCode.UNWILLING_TO_PERFORM) {
                return false;
            }
            throw failure(e);
        }
    }

    /** A cheap round trip for health checks. */
    public boolean isReachable() {
        try {
            return pool.getRootDSE() != null;
        } catch (LDAPException e) {
            return false;
        }
    }

    private RuntimeException failure(LDAPException e) {
        if (e.getResultCode().isConnectionUsable()) {
            return new DirectoryRefusalException(e.getResultCode(), e.getDiagnosticMessage() != null
                    ? e.getDiagnosticMessage() : e.getMessage());
        }
        return new DirectoryUnavailableException(settings.url(), e);
    }

    @Override
    public void close() {
        pool.close();
    }
}
