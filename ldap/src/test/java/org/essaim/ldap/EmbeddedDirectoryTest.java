package org.essaim.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local default's directory: UnboundID in memory, kept in an LDIF file. No external program needed. */
class EmbeddedDirectoryTest {

    private static final String BASE_DN = "dc=essaim,dc=local";

    @TempDir
    Path storage;

    @Test
    void contentSurvivesAStopAndStartInTheSameStorage() {
        DN camille;
        try (EmbeddedDirectory embedded = EmbeddedDirectory.start(storage, BASE_DN, 0);
                DirectoryConnection directory = DirectoryConnection.connect(embedded.settings())) {
            directory.ensureSkeleton();
            new StaffAccounts(directory).create(new StaffAccount("camille", "Camille Martin", "camille@essaim.local"));
            camille = directory.layout().staffMember("camille");
            directory.setPassword(camille, "mot de passe");
        }

        try (EmbeddedDirectory embedded = EmbeddedDirectory.start(storage, BASE_DN, 0);
                DirectoryConnection directory = DirectoryConnection.connect(embedded.settings())) {
            assertThat(new StaffAccounts(directory).hasStaff()).isTrue();
            assertThat(new StaffAccounts(directory).find("camille"))
                    .contains(new StaffAccount("camille", "Camille Martin", "camille@essaim.local"));
            assertThat(directory.authenticate(camille, "mot de passe")).isTrue();
        }
    }

    @Test
    void listsEveryStaffAccountByUidAndNothingElse() {
        try (EmbeddedDirectory embedded = EmbeddedDirectory.start(storage, BASE_DN, 0);
                DirectoryConnection directory = DirectoryConnection.connect(embedded.settings())) {
            assertThat(new StaffAccounts(directory).list())
                    .as("no staff branch yet")
                    .isEmpty();
            directory.ensureSkeleton();
            new StaffAccounts(directory).create(new StaffAccount("zoe", "Zoé Petit", null));
            new StaffAccounts(directory).create(new StaffAccount("ali", "Ali Benali", "ali@essaim.local"));

            assertThat(new StaffAccounts(directory).list())
                    .containsExactly(
                            new StaffAccount("ali", "Ali Benali", "ali@essaim.local"),
                            new StaffAccount("zoe", "Zoé Petit", null));
        }
    }

    /**
     * A hard stop ({@code kill -9}, a power cut) leaves the storage as it is at that instant: a copy of it taken right
     * after the writes were answered, without a stop, is what the next start finds. Every acknowledged write is
     * there: entries, group memberships, hashed passwords, removals, a whole space removed, writes from many threads.
     */
    @Test
    void everyAcknowledgedWriteSurvivesAHardStop(@TempDir Path afterCrash) throws Exception {
        DN camille;
        try (EmbeddedDirectory embedded = EmbeddedDirectory.start(storage, BASE_DN, 0);
                DirectoryConnection directory = DirectoryConnection.connect(embedded.settings())) {
            directory.ensureSkeleton();
            new StaffAccounts(directory).create(new StaffAccount("camille", "Camille Martin", "camille@essaim.local"));
            camille = directory.layout().staffMember("camille");
            directory.setPassword(camille, "mot de passe");
            new SpaceSubtrees(directory).ensureSpace("jardins", "service-secret");
            new SpaceSubtrees(directory).ensureSpace("ephemere", "service-secret");
            SpaceMembers members = new SpaceMembers(directory);
            try (var workers = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 40; i++) {
                    String uid = "p" + i;
                    workers.execute(() -> {
                        members.create("jardins", uid, "Person " + uid, uid + "@jardins.example");
                        members.promote("jardins", uid);
                    });
                }
            }
            members.remove("jardins", "p7");
            new SpaceSubtrees(directory).removeSpace("ephemere");
            members.setPassword("jardins", "p3", "un mot de passe assez long", "Jardins");

            copy(storage, afterCrash); // the files as a kill -9 now would leave them
        }

        try (EmbeddedDirectory embedded = EmbeddedDirectory.start(afterCrash, BASE_DN, 0);
                DirectoryConnection directory = DirectoryConnection.connect(embedded.settings())) {
            assertThat(new StaffAccounts(directory).find("camille")).isPresent();
            assertThat(directory.authenticate(camille, "mot de passe")).isTrue();
            SpaceMembers members = new SpaceMembers(directory);
            assertThat(members.list("jardins")).hasSize(39);
            assertThat(members.find("jardins", "p7")).isEmpty();
            assertThat(members.list("jardins"))
                    .allSatisfy(person -> assertThat(person.admin()).isTrue());
            assertThat(members.signIn("jardins", "p3", "un mot de passe assez long"))
                    .isTrue();
            assertThat(new SpaceSubtrees(directory).hasSpace("ephemere")).isFalse();
        }
        assertThat(afterCrash.resolve(EmbeddedDirectory.JOURNAL))
                .as("replayed into the LDIF, then emptied")
                .isEmptyFile();
    }

    @Test
    void aJournalRecordTornByTheCrashIsDroppedAndTheRestKept(@TempDir Path afterCrash) throws Exception {
        try (EmbeddedDirectory embedded = EmbeddedDirectory.start(storage, BASE_DN, 0);
                DirectoryConnection directory = DirectoryConnection.connect(embedded.settings())) {
            directory.ensureSkeleton();
            new StaffAccounts(directory).create(new StaffAccount("kept", "Kept", null));
            copy(storage, afterCrash);
        }
        Path journal = afterCrash.resolve(EmbeddedDirectory.JOURNAL);
        assertThat(Files.size(journal)).as("the write is in the journal").isPositive();
        Files.writeString(
                journal,
                "#essaim-journal 4000 1234abcd\ndn: uid=torn,ou=staff," + BASE_DN + "\nchangetype: ad",
                StandardOpenOption.APPEND);

        try (EmbeddedDirectory embedded = EmbeddedDirectory.start(afterCrash, BASE_DN, 0);
                DirectoryConnection directory = DirectoryConnection.connect(embedded.settings())) {
            assertThat(new StaffAccounts(directory).find("kept")).isPresent();
            assertThat(new StaffAccounts(directory).find("torn")).isEmpty();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void passwordsAreStoredHashedAndCheckedByBinding() throws LDAPException, IOException {
        try (EmbeddedDirectory embedded = EmbeddedDirectory.start(storage, BASE_DN, 0);
                DirectoryConnection directory = DirectoryConnection.connect(embedded.settings())) {
            directory.ensureSkeleton();
            new StaffAccounts(directory).create(new StaffAccount("sacha", "Sacha Roux", null));
            DN sacha = directory.layout().staffMember("sacha");

            directory.setPassword(sacha, "le bon mot de passe");

            try (LDAPConnection manager = new LDAPConnection(
                    "127.0.0.1",
                    embedded.port(),
                    embedded.settings().bindDn(),
                    embedded.settings().bindPassword())) {
                String stored =
                        manager.getEntry(sacha.toString(), "userPassword").getAttributeValue("userPassword");
                assertThat(stored).startsWith("{SSHA256}").doesNotContain("le bon mot de passe");
            }
            assertThat(directory.authenticate(sacha, "le bon mot de passe")).isTrue();
            assertThat(directory.authenticate(sacha, "le mauvais")).isFalse();
            assertThat(directory.authenticate(sacha, "")).isFalse();
            assertThat(directory.authenticate(directory.layout().staffMember("ghost"), "le bon mot de passe"))
                    .isFalse();
            // The pooled connection used for each check is back to the manager's identity afterwards.
            assertThat(new StaffAccounts(directory).find("sacha")).isPresent();
        }
        assertThat(Files.readString(storage.resolve("directory.ldif"), StandardCharsets.UTF_8))
                .doesNotContain("le bon mot de passe");
    }

    @Test
    void anonymousSearchIsRefused() throws LDAPException {
        try (EmbeddedDirectory embedded = EmbeddedDirectory.start(storage, BASE_DN, 0);
                DirectoryConnection directory = DirectoryConnection.connect(embedded.settings());
                LDAPConnection anonymous = new LDAPConnection("127.0.0.1", embedded.port())) {
            directory.ensureSkeleton();

            assertThatThrownBy(() -> anonymous.search(BASE_DN, SearchScope.SUB, "(objectClass=*)"))
                    .isInstanceOfSatisfying(
                            LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
        }
    }

    @Test
    void aPortAlreadyInUseIsNamedInTheError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedDirectory.start(storage, BASE_DN, port))
                    .isInstanceOf(EmbeddedDirectoryException.class)
                    .hasMessageContaining("Port " + port)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void anUnusableStorageFolderIsExplained() throws IOException {
        // Permission bits do not stop root, which runs these tests in CI: a folder below a regular file cannot be
        // created by anyone.
        Path regularFile = Files.writeString(storage.resolve("not-a-folder"), "");
        Path unusable = regularFile.resolve("directory");

        assertThatThrownBy(() -> EmbeddedDirectory.start(unusable, BASE_DN, 0))
                .isInstanceOf(EmbeddedDirectoryException.class)
                .hasMessageContaining(unusable.toString())
                .hasMessageContaining("writable");
    }
}
