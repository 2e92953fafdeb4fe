package org.essaim.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import org.essaim.ldap.testing.SpaceSubtree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A space's subtree and service account, as the provisioner creates and removes them, on the embedded directory. */
class SpaceSubtreesTest {

    @TempDir
    Path storage;

    private EmbeddedDirectory embedded;
    private DirectoryConnection directory;
    private SpaceSubtrees spaces;

    @BeforeEach
    void start() {
        embedded = EmbeddedDirectory.start(storage, "dc=essaim,dc=local", 0);
        directory = DirectoryConnection.connect(embedded.settings());
        spaces = new SpaceSubtrees(directory);
    }

    @AfterEach
    void stop() {
        directory.close();
        embedded.close();
    }

    @Test
    void createsTheSubtreeAndTheServiceAccountOnceAndThenNothing() {
        DirectoryLayout layout = directory.layout();

        assertThat(spaces.spaceReady("asso")).isFalse();
        assertThat(spaces.ensureSpace("asso", "service-password"))
                .containsExactly(
                        layout.space("asso"),
                        layout.people("asso"),
                        layout.groups("asso"),
                        layout.serviceAccount("asso"));
        assertThat(spaces.ensureSpace("asso", "another-password")).isEmpty();

        assertThat(spaces.hasSpace("asso")).isTrue();
        assertThat(spaces.spaceReady("asso")).isTrue();
        assertThat(directory.authenticate(layout.serviceAccount("asso"), "service-password"))
                .as("an existing account's password is never replaced by ensureSpace")
                .isTrue();
        assertThat(directory.authenticate(layout.serviceAccount("asso"), "another-password"))
                .isFalse();
    }

    @Test
    void finishesASubtreeLeftHalfwayByACrash() throws Exception {
        DirectoryLayout layout = directory.layout();
        directory.ensureSkeleton();
        try (LDAPConnection manager = managerConnection()) {
            manager.add("dn: " + layout.space("asso"), "objectClass: organizationalUnit", "ou: asso");
        }

        assertThat(spaces.ensureSpace("asso", "pw"))
                .containsExactly(layout.people("asso"), layout.groups("asso"), layout.serviceAccount("asso"));
        assertThat(directory.authenticate(layout.serviceAccount("asso"), "pw")).isTrue();
    }

    @Test
    void aNewPasswordCanBeSetForTheServiceAccount() {
        spaces.ensureSpace("asso", "first");
        spaces.setServicePassword("asso", "second");
        assertThat(directory.authenticate(directory.layout().serviceAccount("asso"), "second"))
                .isTrue();
    }

    @Test
    void removesTheWholeSubtreePeopleAndGroupsIncludedAndOnlyIt() throws Exception {
        DirectoryLayout layout = directory.layout();
        directory.ensureSkeleton();
        try (LDAPConnection manager = managerConnection()) {
            SpaceSubtree.named("gone")
                    .person("alice", "a-password")
                    .person("bob", "b-password")
                    .servicePassword("svc")
                    .createIn(manager, layout);
            SpaceSubtree.named("kept")
                    .person("carol", "c-password")
                    .servicePassword("svc")
                    .createIn(manager, layout);

            assertThat(spaces.removeSpace("gone")).isEqualTo(8);
            assertThat(spaces.removeSpace("gone")).isZero();

            assertThat(spaces.hasSpace("gone")).isFalse();
            assertThat(manager.search(layout.space("kept").toString(), SearchScope.SUB, "(objectClass=*)")
                            .getEntryCount())
                    .isEqualTo(7);
        }
    }

    private LDAPConnection managerConnection() throws Exception {
        return new LDAPConnection(
                "127.0.0.1",
                embedded.port(),
                EmbeddedDirectory.MANAGER_DN,
                embedded.settings().bindPassword());
    }
}
