package org.essaim.backup;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.ldap.DirectoryBackup;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.EmbeddedDirectory;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.ldap.StaffAccounts;
import org.essaim.space.NewSpace;
import org.essaim.space.SpaceRegistry;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The control plane's own backup round-trips: exported from the running application (embedded PostgreSQL and
 * embedded directory), restored into a fresh database and a fresh directory, exported again, and every table and
 * every entry is the same; a staff member signs in on the restored directory with the password they had.
 */
@EssaimTest
class ControlPlaneBackupTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    DirectoryConnection directory;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    SpaceSubtrees spaceSubtrees;

    @Autowired
    DirectoryBackup directoryBackup;

    @Autowired
    SpaceRegistry registry;

    @Autowired
    AuditLog auditLog;

    @Autowired
    TransactionTemplate transaction;

    private static DataSource freshDatabase() throws Exception {
        String name = "restore_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setUrl(TestDatabase.jdbcUrl());
        try (Connection connection = admin.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        PGSimpleDataSource fresh = new PGSimpleDataSource();
        fresh.setUrl(TestDatabase.jdbcUrl().replace("/postgres?", "/" + name + "?"));
        Flyway.configure()
                .dataSource(fresh)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return fresh;
    }

    @Test
    void exportThenRestoreIntoAFreshInstanceGivesTheSameDatabaseAndDirectory(@TempDir Path temp) throws Exception {
        String slug = "bkp-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        transaction.executeWithoutResult(status -> {
            registry.register(
                    new NewSpace(slug, "Les Amis du " + slug, "fr", "Camille", slug + "@example.org", null, null),
                    "admin");
            auditLog.record("admin", AuditAction.SPACE_ERASED, "space:" + slug, "a line of the audit log");
        });
        spaceSubtrees.ensureSpace(slug, "service-password-" + slug);
        Staff.ensure(staffAccounts, "restorer", "Res Torer", "restorer-password-1");

        ControlPlaneBackup.Summary exported =
                new ControlPlaneBackup(dataSource, directoryBackup).export(temp.resolve("a"));
        assertThat(exported.rows()).containsKeys("space", "audit_event", "mail_outbox", "application", "campaign");
        assertThat(exported.rows().get("space")).isPositive();
        assertThat(Files.readString(temp.resolve("a/directory.ldif")))
                .contains("ou=" + slug + ",ou=spaces")
                .contains("uid=restorer")
                .contains("userPassword: {SSHA256}");

        DataSource freshDatabase = freshDatabase();
        try (EmbeddedDirectory freshServer = EmbeddedDirectory.start(
                        temp.resolve("fresh-directory"), directory.settings().baseDn(), 0);
                DirectoryConnection freshDirectory = DirectoryConnection.connect(freshServer.settings())) {
            freshDirectory.ensureSkeleton();
            ControlPlaneBackup restoring = new ControlPlaneBackup(freshDatabase, new DirectoryBackup(freshDirectory));

            ControlPlaneBackup.Summary restored = restoring.restore(temp.resolve("a"));
            assertThat(restored.rows()).isEqualTo(exported.rows());
            restoring.export(temp.resolve("b"));

            for (String table : Files.readAllLines(temp.resolve("a/tables"))) {
                assertThat(Files.readString(temp.resolve("b/database/" + table + ".copy")))
                        .as(table)
                        .isEqualTo(Files.readString(temp.resolve("a/database/" + table + ".copy")));
            }
            assertThat(entries(temp.resolve("b/directory.ldif"))).isEqualTo(entries(temp.resolve("a/directory.ldif")));
            assertThat(new SpaceSubtrees(freshDirectory).hasSpace(slug)).isTrue();
            assertThat(freshDirectory.authenticate(
                            freshDirectory.layout().staffMember("restorer"), "restorer-password-1"))
                    .isTrue();
            assertThat(freshDirectory.authenticate(freshDirectory.layout().staffMember("restorer"), "wrong"))
                    .isFalse();
        }
    }

    @Test
    void aRestoreIntoAnotherSchemaVersionIsRefusedAndChangesNothing(@TempDir Path temp) throws Exception {
        ControlPlaneBackup backup = new ControlPlaneBackup(dataSource, directoryBackup);
        backup.export(temp);
        Files.writeString(temp.resolve("schema-version"), "1");
        assertThatThrownBy(() -> backup.restore(temp)).hasMessageContaining("schema version 1");
    }

    /** An LDIF file's entries, order aside. */
    private static List<String> entries(Path ldif) throws IOException {
        return List.of(Files.readString(ldif).split("\\n\\s*\\n")).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .sorted()
                .toList();
    }
}
