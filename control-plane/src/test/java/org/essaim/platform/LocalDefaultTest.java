package org.essaim.platform;

import org.essaim.audit.AuditLog;
import org.essaim.db.DefaultSchema;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.StaffAccounts;
import org.essaim.staff.StaffBootstrap;
import org.essaim.testing.EssaimTest;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What a first start on an empty data directory leaves behind. */
@EssaimTest
class LocalDefaultTest {

    @Autowired
    DirectoryConnection directory;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    DataDirectory dataDirectory;

    @Autowired
    AuditLog auditLog;

    @Autowired
    DSLContext db;

    @Autowired
    StaffBootstrap staffBootstrap;

    @Test
    void aFirstStartCreatesTheStaffAccountAdminWithAGeneratedPasswordReadableByTheOwnerOnly() throws IOException {
        Path passwordFile = dataDirectory.resolve(StaffBootstrap.PASSWORD_FILE);

        assertThat(passwordFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                .isEqualTo("rw-------");
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(staffAccounts.find("admin")).isPresent();
        assertThat(directory.authenticate(directory.layout().staffMember("admin"), password))
                .isTrue();
        assertThat(directory.authenticate(directory.layout().staffMember("admin"), password + "x"))
                .isFalse();
    }

    @Test
    void theFirstStaffAccountIsInTheAuditLog() {
        assertThat(auditLog.latest(1000)).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("staff.created");
            assertThat(event.target()).isEqualTo("staff:admin");
        });
    }

    @Test
    void aLaterStartKeepsTheExistingStaffAccountAndItsPassword() throws IOException {
        String password = Files.readString(dataDirectory.resolve(StaffBootstrap.PASSWORD_FILE))
                .strip();

        assertThat(staffBootstrap.createFirstStaffIfMissing()).isEmpty();

        assertThat(Files.readString(dataDirectory.resolve(StaffBootstrap.PASSWORD_FILE))
                        .strip())
                .isEqualTo(password);
        assertThat(directory.authenticate(directory.layout().staffMember("admin"), password))
                .isTrue();
    }

    @Test
    void theGeneratedJooqClassesMatchTheSchemaFlywayBuiltInPostgres() {
        Map<String, Table<?>> live = db.meta().getSchemas("public").getFirst().getTables().stream()
                .collect(Collectors.toMap(t -> t.getName().toLowerCase(), t -> t));
        for (Table<?> generated : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            Table<?> table = live.get(generated.getName());
            assertThat(table)
                    .as("table " + generated.getName() + " exists in PostgreSQL")
                    .isNotNull();
            Set<String> liveColumns =
                    Arrays.stream(table.fields()).map(Field::getName).collect(Collectors.toSet());
            for (Field<?> field : generated.fields()) {
                assertThat(liveColumns).as(generated.getName() + " columns").contains(field.getName());
            }
            assertThat(table.fields()).as(generated.getName() + " column count").hasSameSizeAs(generated.fields());
        }
        assertThat(live).containsKeys("qrtz_job_details", "qrtz_triggers", "qrtz_locks");
    }
}
