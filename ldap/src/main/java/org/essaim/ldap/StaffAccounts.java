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

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The staff's accounts, {@code uid=<uid>,ou=staff}: created, found, listed, given a password, signed in. */
public final class StaffAccounts {

    private static final String[] ATTRIBUTES = {"uid", "displayName", "cn", "mail"};

    private final DirectoryConnection directory;
    private final LDAPConnectionPool pool;
    private final DirectoryLayout layout;

    public StaffAccounts(DirectoryConnection directory) {
        this.directory = directory;
        this.pool = directory.pool();
        this.layout = directory.layout();
    }

    /** True when at least one staff account exists: an empty staff branch means a first start. */
    public boolean hasStaff() {
        try {
            SearchResult result = pool.search(
                    layout.staff().toString(),
                    SearchScope.ONE,
                    Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
                    "1.1");
            return result.getEntryCount() > 0;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return false;
            }
            throw directory.failure(e);
        }
    }

    public void create(StaffAccount account) {
        Entry entry = new Entry(
                layout.staffMember(account.uid()),
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
            throw directory.failure(e);
        }
    }

    /** Sets a staff account's password (Password Modify: the directory hashes it). */
    public void setPassword(String uid, String password) {
        directory.setPassword(layout.staffMember(uid), password);
    }

    public Optional<StaffAccount> find(String uid) {
        try {
            SearchResultEntry entry = pool.getEntry(layout.staffMember(uid).toString(), ATTRIBUTES);
            return Optional.ofNullable(entry).map(StaffAccounts::account);
        } catch (LDAPException e) {
            throw directory.failure(e);
        }
    }

    /** Every staff account, by uid: the reviewers an application can be assigned to. */
    public List<StaffAccount> list() {
        try {
            SearchResult result = pool.search(
                    layout.staff().toString(),
                    SearchScope.ONE,
                    Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
                    ATTRIBUTES);
            return result.getSearchEntries().stream()
                    .map(StaffAccounts::account)
                    .sorted(Comparator.comparing(StaffAccount::uid))
                    .toList();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return List.of();
            }
            throw directory.failure(e);
        }
    }

    private static StaffAccount account(SearchResultEntry entry) {
        String name = entry.getAttributeValue("displayName");
        return new StaffAccount(
                entry.getAttributeValue("uid"),
                name != null ? name : entry.getAttributeValue("cn"),
                entry.getAttributeValue("mail"));
    }

    /**
     * A staff sign-in: one read of the entry, then one bind, as that account or, when there is no such account,
     * as the staff decoy, so that an unknown name costs what a wrong password does (no way to learn staff names by
     * timing). Answers true only for the account's own right password.
     */
    public boolean signIn(String uid, String password) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        DN account = layout.staffMember(uid);
        boolean exists;
        try {
            exists = pool.getEntry(account.toString(), "1.1") != null;
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                throw directory.failure(e);
            }
            exists = false;
        }
        boolean bound = directory.authenticate(exists ? account : layout.signInDecoy(false), password);
        return exists && bound;
    }
}
