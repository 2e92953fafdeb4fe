package org.essaim.provisioner;

import com.unboundid.ldap.sdk.DN;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.SpaceSubtrees;

import java.util.List;

/**
 * What the provisioner does in the directory, for one space: create its subtree and read-only service account,
 * change that account's password, erase the subtree. In production and in the local default it is the ldap module's
 * {@link SpaceSubtrees} on the control plane's {@link DirectoryConnection} ({@link #of}); failures are the ldap
 * module's {@code DirectoryUnavailableException} (retried) and {@code DirectoryRefusalException} (the directory
 * said no).
 */
public interface SpaceDirectory {

    /**
     * Creates whatever is missing of the space's subtree, the service account with this password included; never
     * touches what exists.
     */
    Changes ensureSpace(String slug, String servicePassword);

    void setServicePassword(String slug, String password);

    /** Erases the space's whole subtree; returns how many entries went. */
    int removeSpace(String slug);

    /** Where the directory is, for messages. */
    String describe();

    /** @param created entries created; @param serviceAccountCreated whether the service account was among them */
    record Changes(int created, boolean serviceAccountCreated) {}

    static SpaceDirectory of(DirectoryConnection directory) {
        SpaceSubtrees spaces = new SpaceSubtrees(directory);
        return new SpaceDirectory() {
            @Override
            public Changes ensureSpace(String slug, String servicePassword) {
                List<DN> created = spaces.ensureSpace(slug, servicePassword);
                return new Changes(
                        created.size(), created.contains(directory.layout().serviceAccount(slug)));
            }

            @Override
            public void setServicePassword(String slug, String password) {
                spaces.setServicePassword(slug, password);
            }

            @Override
            public int removeSpace(String slug) {
                return spaces.removeSpace(slug);
            }

            @Override
            public String describe() {
                return directory.settings().url();
            }
        };
    }
}
