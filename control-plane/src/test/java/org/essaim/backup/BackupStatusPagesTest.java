package org.essaim.backup;

import org.essaim.platform.DataDirectory;
import org.essaim.space.NewSpace;
import org.essaim.space.SpaceProgress;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.SPACE;

/**
 * The last successful backup the provisioner reports lands on the space's row, and the staff pages say plainly, in
 * both languages, that nothing is backed up in the local default.
 */
@EssaimTest
class BackupStatusPagesTest {

    @Autowired
    SpaceRegistry registry;

    @Autowired
    SpaceProgress progress;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DSLContext db;

    @Autowired
    DataDirectory dataDirectory;

    @LocalServerPort
    int port;

    private String approve() {
        String slug = "bkp-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        transaction.executeWithoutResult(status -> registry.register(
                new NewSpace(slug, "Les Amis du " + slug, "fr", "Camille", slug + "@example.org", null, null),
                "admin"));
        return slug;
    }

    private OffsetDateTime lastBackup(String slug) {
        return db.fetchValue(SPACE.LAST_SUCCESSFUL_BACKUP, SPACE.SLUG.eq(slug));
    }

    @Test
    void theLastSuccessfulBackupIsRecordedAndNeverForgottenByAStatusWithoutOne() {
        String slug = approve();
        progress.statusChanged(
                slug, new SpaceStatus(1L, List.of(), null, null).withLastSuccessfulBackup("2026-11-20T02:14:00Z"));
        assertThat(lastBackup(slug).toInstant()).hasToString("2026-11-20T02:14:00Z");

        progress.statusChanged(slug, new SpaceStatus(2L, List.of(), null, null));
        assertThat(lastBackup(slug).toInstant()).hasToString("2026-11-20T02:14:00Z");
    }

    @Test
    void locallyTheStaffPagesSayNothingIsBackedUp() {
        String slug = approve();
        WebClient staff = new WebClient(port);
        staff.signIn("admin", Staff.adminPassword(dataDirectory));

        assertThat(staff.get("/staff/spaces/" + slug, "Accept-Language", "en").body())
                .contains("data-backup=\"backup.local\"")
                .contains("No backup (nothing runs locally)");
        assertThat(staff.get("/staff/spaces/" + slug, "Accept-Language", "fr").body())
                .contains("Aucune sauvegarde (rien ne tourne en local)");
        assertThat(staff.get("/staff/spaces", "Accept-Language", "en").body())
                .contains("Last backup")
                .contains("No backup (nothing runs locally)");
    }
}
