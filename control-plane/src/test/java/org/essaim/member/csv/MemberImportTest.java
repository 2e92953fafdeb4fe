package org.essaim.member.csv;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.EmbeddedDirectory;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.ldap.StaffAccounts;
import org.essaim.member.TestSpaces;
import org.essaim.space.SpaceRegistry;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.springframework.boot.test.web.server.LocalServerPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.db.Tables.MEMBER_IMPORT_ROW;
import static org.essaim.db.Tables.MEMBER_IMPORT_RUN;

/** The CSV import against the embedded directory: the preview writes nothing; runs create, record and complete. */
@EssaimTest
class MemberImportTest {

    private static final String STAFF_PASSWORD = "a-long-password-for-import-staff";
    private static final String TRICKY_NAME = "Zoé *()\\,+=<>#;\" O’Brien";

    @Autowired
    org.essaim.audit.AuditWords words;
    @Autowired
    MemberImport memberImport;
    @Autowired
    SpaceRegistry registry;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    DirectoryConnection directory;
    @Autowired
    StaffAccounts staffAccounts;
    @Autowired
    SpaceMembers spaceMembers;
    @Autowired
    EmbeddedDirectory embedded;
    @Autowired
    DSLContext db;
    @Autowired
    javax.sql.DataSource dataSource;

    @LocalServerPort
    int port;

    private String slug;
    private byte[] file;

    @BeforeEach
    void space() {
        slug = TestSpaces.create(registry, transaction, directory, TestSpaces.uniqueSlug("import"));
        file = ("Nom;Courriel;Rôle\n"
                + "Alice Martin;alice." + slug + "@example.org;admin\n"
                + "\"" + TRICKY_NAME.replace("\"", "\"\"") + "\";zoe." + slug + "@example.org;\n"
                + "Bob;not-an-email;\n"
                + "Alice bis;ALICE." + slug + "@example.org;membre\n"
                + "=HYPERLINK(\"http://evil\");eve." + slug + "@example.org;\n"
                + "Camille;" + slug + "-referent@example.org;\n"
                + "Dan;dan." + slug + "@example.org;membre\n"
                + "Eli;eli." + slug + "@example.org;\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void thePreviewShowsEachRowsFateInTheAdminsLanguageAndWritesNothing() {
        ImportPlan plan = memberImport.preview(slug, file, 3);

        assertThat(plan.rows()).extracting(ImportPlan.PlannedRow::fate).containsExactly(
                ImportPlan.Fate.CREATE, ImportPlan.Fate.CREATE, ImportPlan.Fate.REFUSED, ImportPlan.Fate.REFUSED,
                ImportPlan.Fate.REFUSED, ImportPlan.Fate.REFUSED, ImportPlan.Fate.CREATE, ImportPlan.Fate.REFUSED);
        assertThat(plan.fits()).isFalse();
        List<String> french = plan.rows().stream().map(row -> memberImport.fate(row, Locale.FRENCH)).toList();
        assertThat(french).containsExactly("Sera créé comme admin", "Sera créé comme membre",
                "Refusée — Adresse : Saisissez une adresse électronique valide, par exemple nom@exemple.org.",
                "Refusée — Adresse : La même adresse qu’à la ligne 2.",
                "Refusée — Ligne : La cellule 1 commence par « = », que les tableurs exécutent comme une formule. "
                        + "Retirez ce caractère dans le fichier et envoyez-le de nouveau.",
                "Refusée — Adresse : Un compte de cet espace utilise déjà cette adresse.",
                "Sera créé comme membre",
                "Refusée — Ligne : Au-delà de la limite : il reste 3 places dans l’espace.");
        assertThat(memberImport.fate(plan.rows().get(7), Locale.ENGLISH))
                .isEqualTo("Refused — Row: Over the limit: the space has 3 places left.");
        assertThat(memberImport.fate(plan.rows().get(0), Locale.ENGLISH)).isEqualTo("Will be created as admin");

        assertThat(spaceMembers.list(slug)).hasSize(1);
        assertThat(db.fetchCount(MEMBER_IMPORT_RUN, MEMBER_IMPORT_RUN.SPACE_SLUG.eq(slug))).isZero();
    }

    @Test
    void aRunCreatesAccountsWithGroupsAndWelcomeLinksAndASecondRunChangesNothing() {
        MemberImport.RunReport report = memberImport.run(slug, file, 10, "referent@" + slug);

        assertThat(report.interrupted()).isFalse();
        assertThat(report.rows()).extracting(MemberImport.ReportRow::outcome).containsExactly(
                MemberImport.Outcome.CREATED, MemberImport.Outcome.CREATED, MemberImport.Outcome.REFUSED,
                MemberImport.Outcome.REFUSED, MemberImport.Outcome.REFUSED, MemberImport.Outcome.REFUSED,
                MemberImport.Outcome.CREATED, MemberImport.Outcome.CREATED);
        assertThat(memberImport.reason(report.rows().get(3).problem(), Locale.ENGLISH))
                .isEqualTo("Email: The same email as line 2.");
        SpaceMembers members = spaceMembers;
        SpacePerson alice = members.findByEmail(slug, "alice." + slug + "@example.org").orElseThrow();
        assertThat(alice.admin()).isTrue();
        assertThat(alice.uid()).isEqualTo("alice.martin");
        SpacePerson zoe = members.findByEmail(slug, "zoe." + slug + "@example.org").orElseThrow();
        assertThat(zoe.displayName()).isEqualTo(TRICKY_NAME);
        assertThat(zoe.uid()).isEqualTo("zoe.o.brien").matches(SpaceMembers.UID);
        assertThat(zoe.admin()).isFalse();
        assertThat(members.members(slug, SpaceMembers.MEMBERS)).hasSize(5);
        assertThat(members.list(slug)).hasSize(5);
        assertThat(mails("member-welcome")).isEqualTo(4);
        assertThat(db.select(MAIL_OUTBOX.BODY).from(MAIL_OUTBOX).where(MAIL_OUTBOX.RECIPIENT.eq("zoe." + slug + "@example.org"))
                .fetchSingle(MAIL_OUTBOX.BODY)).contains("Bonjour " + TRICKY_NAME).contains("Votre identifiant : zoe.o.brien");
        assertThat(words.detail(org.essaim.audit.AuditLog.event(db.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.ACTION.eq("members.imported")).and(AUDIT_EVENT.TARGET.eq("space:" + slug)).fetchSingle()),
                java.util.Locale.ENGLISH))
                .isEqualTo("run " + report.runId() + ": 4 created, 0 completed, 4 refused, 0 failed, 0 not tried");

        MemberImport.RunReport again = memberImport.run(slug, file, 10, "referent@" + slug);

        assertThat(again.rows()).extracting(MemberImport.ReportRow::outcome).containsExactly(
                MemberImport.Outcome.UNCHANGED, MemberImport.Outcome.UNCHANGED, MemberImport.Outcome.REFUSED,
                MemberImport.Outcome.REFUSED, MemberImport.Outcome.REFUSED, MemberImport.Outcome.REFUSED,
                MemberImport.Outcome.UNCHANGED, MemberImport.Outcome.UNCHANGED);
        assertThat(members.list(slug)).hasSize(5);
        assertThat(mails("member-welcome")).isEqualTo(4);
    }

    @Test
    void aRowLeftHalfDoneIsCompletedByTheNextRun() throws Exception {
        MemberImport.RunReport first = memberImport.run(slug, file, 10, "referent@" + slug);
        SpacePerson dan = spaceMembers.findByEmail(slug, "dan." + slug + "@example.org").orElseThrow();
        // As if the directory had failed between creating Dan's entry and adding him to cn=members.
        try (LDAPConnection connection = new LDAPConnection("127.0.0.1", embedded.port())) {
            connection.bind(embedded.settings().bindDn(), embedded.settings().bindPassword());
            connection.modify(directory.layout().group(slug, SpaceMembers.MEMBERS).toString(),
                    new Modification(ModificationType.DELETE, "member", directory.layout().person(slug, dan.uid()).toString()));
        }
        db.update(MEMBER_IMPORT_ROW).set(MEMBER_IMPORT_ROW.OUTCOME, MemberImport.Outcome.FAILED)
                .where(MEMBER_IMPORT_ROW.RUN_ID.eq(first.runId())).and(MEMBER_IMPORT_ROW.EMAIL.eq(dan.email())).execute();
        db.deleteFrom(MAIL_OUTBOX).where(MAIL_OUTBOX.RECIPIENT.eq(dan.email())).execute();
        assertThat(spaceMembers.members(slug, SpaceMembers.MEMBERS)).hasSize(4);

        MemberImport.RunReport second = memberImport.run(slug, file, 0, "referent@" + slug);

        assertThat(second.rows().get(6).outcome()).isEqualTo(MemberImport.Outcome.COMPLETED);
        assertThat(second.rows().get(6).uid()).isEqualTo(dan.uid());
        assertThat(second.count(MemberImport.Outcome.UNCHANGED)).isEqualTo(3);
        assertThat(spaceMembers.members(slug, SpaceMembers.MEMBERS)).hasSize(5);
        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(dan.email())
                .and(MAIL_OUTBOX.TEMPLATE.eq("member-welcome")))).isEqualTo(1);
        assertThat(spaceMembers.list(slug)).hasSize(5);
    }

    @Test
    void aFileRefusedAsAWholeWritesNothing() {
        byte[] latin1 = "Hélène;helene@example.org\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> memberImport.run(slug, latin1, 10, "referent@" + slug))
                .isInstanceOfSatisfying(MemberListRefusedException.class, refused -> {
                    assertThat(refused.code()).isEqualTo("windows1252");
                    assertThat(refused.arguments()).containsExactly(1);
                });
        assertThat(db.fetchCount(MEMBER_IMPORT_RUN, MEMBER_IMPORT_RUN.SPACE_SLUG.eq(slug))).isZero();
        assertThat(spaceMembers.list(slug)).hasSize(1);
    }

    @Test
    void theApiPreviewsForStaffButDoesNotRunAndRefusesBadFilesAsProblems() throws Exception {
        String[] staff = WebClient.basic("import-staff", STAFF_PASSWORD);
        Staff.ensure(staffAccounts, "import-staff", "Import Staff", STAFF_PASSWORD);

        HttpResponse<String> preview = postCsv("/api/v1/spaces/" + slug + "/members/import?dryRun=true", file, "fr", staff);
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("\"placesLeft\":48").contains("\"fits\":true")
                .contains("\"message\":\"Sera créé comme admin\"").contains("La même adresse qu’à la ligne 2.");
        assertThat(spaceMembers.list(slug)).hasSize(1);

        // Staff may preview (a read, for support) but not import: writing in a space is its admins' alone.
        HttpResponse<String> run = postCsv("/api/v1/spaces/" + slug + "/members/import", file, "en", staff);
        assertThat(run.statusCode()).isEqualTo(403);
        assertThat(spaceMembers.list(slug)).hasSize(1);

        // An empty dryRun is a preview, never a run (it used to be read as false); a value other than true/false is a 400.
        HttpResponse<String> empty = postCsv("/api/v1/spaces/" + slug + "/members/import?dryRun=", file, "en", staff);
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("\"dryRun\":true");
        assertThat(postCsv("/api/v1/spaces/" + slug + "/members/import?dryRun=yes", file, "en", staff).statusCode())
                .isEqualTo(400);
        assertThat(spaceMembers.list(slug)).hasSize(1);

        HttpResponse<String> latin1 = postCsv("/api/v1/spaces/" + slug + "/members/import?dryRun=true",
                "Hélène;h@example.org".getBytes(StandardCharsets.ISO_8859_1), "en", staff);
        assertThat(latin1.statusCode()).isEqualTo(400);
        assertThat(latin1.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(latin1.body()).contains("\"code\":\"memberimport.file.windows1252\"")
                .contains("Line 1 is not valid UTF-8: the file seems to be in Windows-1252 or Latin-1");

        assertThat(postCsv("/api/v1/spaces/" + slug + "-none/members/import?dryRun=true", file, "en", staff).statusCode())
                .isEqualTo(404);
        assertThat(postCsv("/api/v1/spaces/" + slug + "/members/import?dryRun=true", file, "en").statusCode())
                .isEqualTo(401);
    }

    private HttpResponse<String> postCsv(String path, byte[] body, String language, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "text/csv").header("Accept-Language", language)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * A run cut by a hard stop, as the database and the directory were left before this change (the directory saved
     * once a second): Eli recorded as created but missing from the directory, Dan's entry created but his row still
     * pending (the transaction recording him never committed), Zoé never tried, the run never finished. Finishing it
     * from its page's action redoes exactly those rows, in the same run, without a duplicate or a second link.
     */
    @Test
    void aRunCutByAHardStopIsFinishedFromWhatTheDatabaseRecorded() {
        MemberImport.RunReport cut = memberImport.run(slug, file, 10, "referent@" + slug);
        SpaceMembers members = spaceMembers;
        SpacePerson eli = members.findByEmail(slug, "eli." + slug + "@example.org").orElseThrow();
        SpacePerson dan = members.findByEmail(slug, "dan." + slug + "@example.org").orElseThrow();
        SpacePerson zoe = members.findByEmail(slug, "zoe." + slug + "@example.org").orElseThrow();
        members.remove(slug, eli.uid()); // lost by the directory; its row and welcome link are in the database
        members.remove(slug, zoe.uid());
        forget(zoe);
        forget(dan);
        db.update(MEMBER_IMPORT_ROW).set(MEMBER_IMPORT_ROW.OUTCOME, MemberImport.Outcome.PENDING)
                .where(MEMBER_IMPORT_ROW.RUN_ID.eq(cut.runId())).and(MEMBER_IMPORT_ROW.UID.eq(dan.uid())).execute();
        db.update(MEMBER_IMPORT_ROW).set(MEMBER_IMPORT_ROW.OUTCOME, MemberImport.Outcome.NOT_ATTEMPTED)
                .where(MEMBER_IMPORT_ROW.RUN_ID.eq(cut.runId())).and(MEMBER_IMPORT_ROW.UID.eq(zoe.uid())).execute();
        db.update(MEMBER_IMPORT_RUN).setNull(MEMBER_IMPORT_RUN.FINISHED_AT).where(MEMBER_IMPORT_RUN.ID.eq(cut.runId()))
                .execute();
        assertThat(memberImport.report(cut.runId()).interrupted()).as("a run never finished shows as cut").isTrue();
        assertThat(members.list(slug)).hasSize(3);

        MemberImport.RunReport finished = memberImport.resume(slug, cut.runId(), "referent@" + slug);

        assertThat(finished.runId()).isEqualTo(cut.runId());
        assertThat(finished.interrupted()).isFalse();
        assertThat(finished.rows()).extracting(MemberImport.ReportRow::outcome).containsExactly(
                MemberImport.Outcome.CREATED, MemberImport.Outcome.CREATED, MemberImport.Outcome.REFUSED,
                MemberImport.Outcome.REFUSED, MemberImport.Outcome.REFUSED, MemberImport.Outcome.REFUSED,
                MemberImport.Outcome.COMPLETED, MemberImport.Outcome.CREATED);
        assertThat(members.list(slug)).hasSize(5);
        assertThat(members.find(slug, eli.uid())).isPresent();
        assertThat(members.find(slug, zoe.uid())).as("the recorded uid is used again").isPresent();
        assertThat(members.members(slug, SpaceMembers.MEMBERS)).hasSize(5);
        for (SpacePerson person : List.of(eli, dan, zoe)) {
            assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(person.email())
                    .and(MAIL_OUTBOX.TEMPLATE.eq("member-welcome")))).as(person.uid() + ": one welcome").isEqualTo(1);
        }
        assertThat(db.fetchValue(MEMBER_IMPORT_RUN.FINISHED_AT, MEMBER_IMPORT_RUN.ID.eq(cut.runId()))).isNotNull();

        MemberImport.RunReport again = memberImport.resume(slug, cut.runId(), "referent@" + slug);
        assertThat(again.rows()).extracting(MemberImport.ReportRow::outcome).isEqualTo(
                finished.rows().stream().map(MemberImport.ReportRow::outcome).toList());
        assertThat(members.list(slug)).hasSize(5);
        assertThat(mails("member-welcome")).isEqualTo(4);
    }

    @Test
    void aRunStillGoingCannotBeFinishedTwice() {
        MemberImport.RunReport run = memberImport.run(slug, file, 10, "referent@" + slug);
        try (RunLock going = RunLock.take(dataSource, run.runId()).orElseThrow()) {
            assertThatThrownBy(() -> memberImport.resume(slug, run.runId(), "referent@" + slug))
                    .isInstanceOf(RunInProgressException.class);
        }
        assertThat(memberImport.resume(slug, run.runId(), "referent@" + slug).interrupted()).isFalse();
    }

    /** The person's welcome link and its email, as if their row's transaction had never committed. */
    private void forget(SpacePerson person) {
        db.deleteFrom(MAIL_OUTBOX).where(MAIL_OUTBOX.RECIPIENT.eq(person.email())).execute();
        db.deleteFrom(org.essaim.db.Tables.MEMBER_PASSWORD_LINK)
                .where(org.essaim.db.Tables.MEMBER_PASSWORD_LINK.SPACE_SLUG.eq(slug))
                .and(org.essaim.db.Tables.MEMBER_PASSWORD_LINK.UID.eq(person.uid())).execute();
    }

    private int mails(String template) {
        return db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.TEMPLATE.eq(template).and(MAIL_OUTBOX.RECIPIENT.like("%" + slug + "%")));
    }
}
