package org.essaim.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.ldif.LDIFWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The whole directory under the base, to and from an LDIF file: the control plane's own backup of any directory it
 * reaches. In production, {@code slapcat}/{@code slapadd} do the same from the server's side (runbooks/restoring.md).
 */
public final class DirectoryBackup {

    private final DirectoryConnection directory;
    private final LDAPConnectionPool pool;
    private final DirectoryLayout layout;

    public DirectoryBackup(DirectoryConnection directory) {
        this.directory = directory;
        this.pool = directory.pool();
        this.layout = directory.layout();
    }

    /**
     * Writes every entry under the base (staff, spaces, people, groups, service accounts) to an LDIF file, password
     * hashes included, parents before children.
     *
     * @return how many entries were written
     */
    public int exportTo(Path file) {
        try {
            SearchResult result = pool.search(
                    layout.baseEntry().getDN(), SearchScope.SUB, Filter.createPresenceFilter("objectClass"), "*");
            List<Entry> entries = new ArrayList<>(result.getSearchEntries());
            entries.sort(Comparator.comparingInt(DirectoryBackup::depth));
            try (LDIFWriter writer = new LDIFWriter(file.toFile())) {
                for (Entry entry : entries) {
                    writer.writeEntry(entry);
                }
            }
            return entries.size();
        } catch (LDAPException e) {
            throw directory.failure(e);
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
            for (SearchResultEntry entry : pool.search(
                            layout.baseEntry().getDN(),
                            SearchScope.SUB,
                            Filter.createPresenceFilter("objectClass"),
                            "objectClass")
                    .getSearchEntries()) {
                if (!entry.getDN().equalsIgnoreCase(layout.baseEntry().getDN())) {
                    present.add(entry.getParsedDN());
                }
            }
            present.sort(Comparator.<DN>comparingInt(dn -> isGroup(dn) ? 0 : 1)
                    .thenComparing(Comparator.<DN>comparingInt(dn -> dn.getRDNs().length)
                            .reversed()));
            for (DN dn : present) {
                pool.delete(dn.toString());
            }
            restored.sort(Comparator.<Entry>comparingInt(entry -> entry.hasObjectClass("groupOfNames") ? 1 : 0)
                    .thenComparingInt(DirectoryBackup::depth));
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
            throw directory.failure(e);
        }
    }

    private static int depth(Entry entry) {
        try {
            return entry.getParsedDN().getRDNs().length;
        } catch (LDAPException e) {
            throw new IllegalArgumentException("Not a valid DN: " + entry.getDN(), e);
        }
    }

    private static boolean isGroup(DN dn) {
        return dn.getRDN().hasAttribute("cn")
                && dn.getParent() != null
                && dn.getParent().getRDN().hasAttributeValue("ou", "groups");
    }
}
