package org.essaim.member.csv;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.ldap.testing.SlapdExtension;
import org.essaim.member.TestSpaces;
import org.essaim.space.SpaceRegistry;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.ExternalSlapd;
import org.essaim.testsupport.InstalledProgram;
import org.essaim.testsupport.RequiresProgram;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.db.Tables.SPACE;
import static org.essaim.db.Tables.MEMBER_IMPORT_ROW;

/**
 * The import against the real OpenLDAP, which is stopped while a run is halfway: the run records which rows were
 * created and which were not, and once slapd is back the same file completes the import without a duplicate.
 */
@EssaimTest
@RequiresProgram("slapd")
class MemberImportSlapdTest {

    private static final int ROWS = 200;
    @RegisterExtension
    static final SlapdExtension slapd = SlapdExtension.forApplication(ExternalSlapd.BASE_DN);
    private static Process restarted;

    @DynamicPropertySource
    static void directory(DynamicPropertyRegistry registry) {
        ExternalSlapd.register(registry, slapd);
    }

    @AfterAll
    static void stopSlapd() throws InterruptedException {
        if (restarted != null) {
            restarted.destroy();
            restarted.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Autowired
    MemberImport memberImport;
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

    @Test
    void aRunCutByTheDirectoryStoppingIsCompletedByTheNextWithoutDuplicates() throws Exception {
        String slug = TestSpaces.create(registry, transaction, directory, TestSpaces.uniqueSlug("cut"));
        // Each new account takes a place of the space's limit (50 by default) as it is created: room for them all,
        // beside the two places the space already holds (its referent's account and pending invitation).
        db.update(SPACE).set(SPACE.ACCOUNT_QUOTA, ROWS + 2).where(SPACE.SLUG.eq(slug)).execute();
        StringBuilder csv = new StringBuilder("name,email,role\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append("Membre ").append(i).append(",m").append(i).append('.').append(slug).append("@example.org,")
                    .append(i % 40 == 0 ? "admin" : "member").append('\n');
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);

        CompletableFuture<MemberImport.RunReport> running = CompletableFuture.supplyAsync(
                () -> memberImport.run(slug, file, ROWS, "referent@" + slug));
        awaitCreated(slug, 20);
        stopSlapdKeepingItsData();
        MemberImport.RunReport cut = running.get(60, TimeUnit.SECONDS);

        assertThat(cut.interrupted()).isTrue();
        long created = cut.count(MemberImport.Outcome.CREATED);
        assertThat(created).isBetween(20L, ROWS - 1L);
        // Rows under way when slapd stopped fail (a few run at a time); the rest were not tried.
        long failedRows = cut.count(MemberImport.Outcome.FAILED);
        assertThat(failedRows).isBetween(1L, 8L);
        MemberImport.ReportRow failed = cut.rows().stream()
                .filter(row -> row.outcome() == MemberImport.Outcome.FAILED).findFirst().orElseThrow();
        assertThat(memberImport.reason(failed.problem(), Locale.ENGLISH))
                .isEqualTo("Row: The directory could not be reached: this row was not finished. Run the import again to complete it.");
        assertThat(cut.count(MemberImport.Outcome.NOT_ATTEMPTED)).isEqualTo(ROWS - created - failedRows);
        assertThat(cut.rows()).allMatch(row -> row.outcome() == MemberImport.Outcome.CREATED
                || row.outcome() == MemberImport.Outcome.FAILED || row.outcome() == MemberImport.Outcome.NOT_ATTEMPTED);

        restartSlapd();
        MemberImport.RunReport resumed = memberImport.run(slug, file, ROWS - (int) created, "referent@" + slug);

        assertThat(resumed.interrupted()).isFalse();
        assertThat(resumed.count(MemberImport.Outcome.UNCHANGED)).isEqualTo(created);
        assertThat(resumed.count(MemberImport.Outcome.CREATED) + resumed.count(MemberImport.Outcome.COMPLETED))
                .isEqualTo(ROWS - created);
        assertThat(resumed.count(MemberImport.Outcome.REFUSED) + resumed.count(MemberImport.Outcome.FAILED)).isZero();
        var people = spaceMembers.list(slug);
        assertThat(people).hasSize(ROWS + 1);
        assertThat(people.stream().map(person -> person.email().toLowerCase(Locale.ROOT)).collect(Collectors.toSet()))
                .hasSize(ROWS + 1);
        assertThat(spaceMembers.members(slug, SpaceMembers.MEMBERS)).hasSize(ROWS + 1);
        assertThat(people.stream().filter(SpacePerson::admin).count()).isEqualTo(ROWS / 40 + 1);
        // Every imported person got exactly one welcome link, the one whose row was cut included.
        assertThat(db.select(MAIL_OUTBOX.RECIPIENT).from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.TEMPLATE.eq("member-welcome")).and(MAIL_OUTBOX.RECIPIENT.like("%." + slug + "@example.org"))
                .fetch(MAIL_OUTBOX.RECIPIENT)).hasSize(ROWS).doesNotHaveDuplicates();
    }

    private void awaitCreated(String slug, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (db.fetchCount(MEMBER_IMPORT_ROW, MEMBER_IMPORT_ROW.SPACE_SLUG.eq(slug)
                .and(MEMBER_IMPORT_ROW.OUTCOME.eq(MemberImport.Outcome.CREATED))) < count) {
            assertThat(System.nanoTime()).as("rows created in time").isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    /** Stops this test's slapd (SIGTERM, as an operator would) but keeps its database for the restart. */
    private static void stopSlapdKeepingItsData() {
        String listener = "ldap://127.0.0.1:" + slapd.server().port() + "/";
        ProcessHandle process = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(line -> line.contains("slapd") && line.contains(listener)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("slapd is not a child of this JVM"));
        process.destroy();
        process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static void restartSlapd() throws IOException, InterruptedException {
        restarted = new ProcessBuilder(InstalledProgram.require("slapd", "slapd").toString(), "-d", "stats", "-h", "ldap://127.0.0.1:" + slapd.server().port() + "/",
                "-F", slapd.server().home().resolve("slapd.d").toString())
                .directory(slapd.server().home().toFile()).redirectErrorStream(true)
                .redirectOutput(slapd.server().home().resolve("slapd-restarted.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (LDAPConnection connection = slapd.server().connectAsControlPlane()) {
                return;
            } catch (LDAPException notYet) {
                assertThat(System.nanoTime()).as("slapd back in time").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }
}
