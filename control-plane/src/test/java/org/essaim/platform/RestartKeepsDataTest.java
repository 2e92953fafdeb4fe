package org.essaim.platform;

import org.essaim.EssaimApplication;
import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.staff.StaffBootstrap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local default end to end, with its own embedded PostgreSQL and directory in one data directory: a stop shuts
 * both down cleanly and the next start finds everything again. Deleting the folder gives a clean start.
 */
class RestartKeepsDataTest {

    @TempDir
    Path dataDir;

    @Test
    void aStopAndStartKeepsAccountsAndRecordsAndADeletedDataDirectoryStartsClean() throws IOException {
        String password;
        try (ConfigurableApplicationContext first = start()) {
            password = Files.readString(dataDir.resolve(StaffBootstrap.PASSWORD_FILE))
                    .strip();
            first.getBean(AuditLog.class).record("admin", AuditAction.MAIL_TEST_SENT, "restart-marker", null);
        }
        assertThat(dataDir.resolve("postgres/postmaster.pid"))
                .as("PostgreSQL stopped")
                .doesNotExist();
        assertThat(dataDir.resolve("directory/directory.ldif")).content().contains("uid=admin,ou=staff");

        try (ConfigurableApplicationContext second = start()) {
            DirectoryConnection directory = second.getBean(DirectoryConnection.class);
            assertThat(directory.authenticate(directory.layout().staffMember("admin"), password))
                    .isTrue();
            var events = second.getBean(AuditLog.class).latest(100);
            assertThat(events).anySatisfy(e -> assertThat(e.target()).isEqualTo("restart-marker"));
            assertThat(events)
                    .filteredOn(e -> e.action().equals("staff.created"))
                    .as("created once")
                    .hasSize(1);
        }

        deleteRecursively(dataDir);
        try (ConfigurableApplicationContext clean = start()) {
            assertThat(clean.getBean(AuditLog.class).latest(100))
                    .extracting(AuditLog.AuditEvent::action)
                    .containsExactly("staff.created");
            String newPassword = Files.readString(dataDir.resolve(StaffBootstrap.PASSWORD_FILE))
                    .strip();
            assertThat(newPassword).isNotEqualTo(password);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EssaimApplication.class)
                .run(
                        "--server.port=0",
                        "--essaim.data-dir=" + dataDir,
                        "--essaim.ldap.embedded.port=0",
                        "--essaim.kubernetes.mode=local",
                        "--essaim.mail.delivery-interval=1h");
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
