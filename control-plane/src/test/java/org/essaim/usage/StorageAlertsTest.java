package org.essaim.usage;

import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.SpaceMembers;
import org.essaim.space.SpaceRegistry;
import org.essaim.testing.EssaimTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.testing.ApplicationFixtures.lastMail;
import static org.essaim.testing.ApplicationFixtures.mailCount;
import static org.essaim.usage.UsageFixtures.email;
import static org.essaim.usage.UsageFixtures.freeFor;

/** Space admins are told at 80% and 95% of their storage, once per crossing, in the space's language. */
@EssaimTest
class StorageAlertsTest {

    @Autowired
    UsageCollector collector;

    @Autowired
    SpaceRegistry registry;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DirectoryConnection directory;

    @Autowired
    SpaceMembers spaceMembers;

    @Autowired
    DSLContext db;

    private SourceStub stub;
    private ServerInfoSource source;

    @BeforeEach
    void startStub() throws Exception {
        stub = new SourceStub();
        source = UsageFixtures.serverInfo(stub, Duration.ofSeconds(2));
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void thresholdsAreToldOncePerCrossingToTheAdminsWhoCanSignIn() {
        String slug = UsageFixtures.space(registry, transaction, directory, "en");
        UsageFixtures.person(directory, slug, "alice");
        UsageFixtures.person(directory, slug, "bob");
        UsageFixtures.person(directory, slug, "carol");
        UsageFixtures.person(directory, slug, "dave");
        spaceMembers.promote(slug, "bob");
        spaceMembers.promote(slug, "dave");
        spaceMembers.disable(slug, "dave");
        String alice = email("alice", slug);

        measure(slug, 50);
        assertThat(mailCount(db, alice, StorageAlerts.TEMPLATE)).as("under 80%").isZero();

        measure(slug, 85);
        assertThat(mailCount(db, alice, StorageAlerts.TEMPLATE)).isEqualTo(1);
        assertThat(mailCount(db, email("bob", slug), StorageAlerts.TEMPLATE))
                .as("another admin")
                .isEqualTo(1);
        assertThat(mailCount(db, email("carol", slug), StorageAlerts.TEMPLATE))
                .as("not an admin")
                .isZero();
        assertThat(mailCount(db, email("dave", slug), StorageAlerts.TEMPLATE))
                .as("a disabled admin")
                .isZero();
        assertThat(subject(alice)).isEqualTo("Your space Les Amis de " + slug + " has used 80% of its storage");
        assertThat(lastMail(db, alice, StorageAlerts.TEMPLATE))
                .hasValueSatisfying(body -> assertThat(body)
                        .contains("now uses 85% of its storage: 34.0 GiB of 40 GiB")
                        .contains(slug + ".essaim.local")
                        .contains("time to tidy up")
                        .contains("trash bin"));

        measure(slug, 88);
        assertThat(mailCount(db, alice, StorageAlerts.TEMPLATE))
                .as("still over 80%: nothing more")
                .isEqualTo(1);

        measure(slug, 96);
        assertThat(mailCount(db, alice, StorageAlerts.TEMPLATE)).isEqualTo(2);
        assertThat(subject(alice)).contains("95%");
        assertThat(lastMail(db, alice, StorageAlerts.TEMPLATE))
                .hasValueSatisfying(body -> assertThat(body).contains("almost full"));

        measure(slug, 97);
        measure(slug, 70);
        assertThat(mailCount(db, alice, StorageAlerts.TEMPLATE))
                .as("going back under says nothing")
                .isEqualTo(2);

        measure(slug, 82);
        assertThat(mailCount(db, alice, StorageAlerts.TEMPLATE))
                .as("crossing 80% again tells again")
                .isEqualTo(3);
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT.ACTION.eq("space.storage-alert-sent").and(AUDIT_EVENT.TARGET.eq("space:" + slug))))
                .isEqualTo(3);
    }

    @Test
    void straightTo95IsOneEmailInTheSpacesLanguage() {
        String slug = UsageFixtures.space(registry, transaction, directory, "fr");
        UsageFixtures.person(directory, slug, "camille");
        String camille = email("camille", slug);

        measure(slug, 99);

        assertThat(mailCount(db, camille, StorageAlerts.TEMPLATE)).isEqualTo(1);
        assertThat(subject(camille)).isEqualTo("Votre espace Les Amis de " + slug + " a utilisé 95 % de son stockage");
        assertThat(lastMail(db, camille, StorageAlerts.TEMPLATE))
                .hasValueSatisfying(body -> assertThat(body)
                        .contains("99 % de son stockage")
                        .contains("39,6 Gio sur 40 Gio")
                        .contains("presque plein"));
    }

    @Test
    void withNobodyInTheDirectoryYetTheReferentIsTold() {
        String slug = UsageFixtures.space(registry, transaction, directory, "fr");

        measure(slug, 90);

        assertThat(mailCount(db, "referent-" + slug + "@example.org", StorageAlerts.TEMPLATE))
                .isEqualTo(1);
    }

    @Test
    void levelsAreWholeShareOfTheQuota() {
        long quota = 40L << 30;
        assertThat(StorageAlerts.level(0, quota)).isZero();
        assertThat(StorageAlerts.level(quota * 80 / 100 - 1, quota)).isZero();
        assertThat(StorageAlerts.level(quota * 80 / 100, quota)).isEqualTo(80);
        assertThat(StorageAlerts.level(quota * 95 / 100 - 1, quota)).isEqualTo(80);
        assertThat(StorageAlerts.level(quota * 95 / 100, quota)).isEqualTo(95);
        assertThat(StorageAlerts.level(quota * 2, quota)).isEqualTo(95);
    }

    private void measure(String slug, int percent) {
        stub.workspace(slug, SourceStub.Answer.freeSpace(freeFor(percent)));
        collector.collect(source);
    }

    private String subject(String recipient) {
        return db.select(MAIL_OUTBOX.SUBJECT)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(recipient))
                .orderBy(MAIL_OUTBOX.ID.desc())
                .limit(1)
                .fetchOne(MAIL_OUTBOX.SUBJECT);
    }
}
