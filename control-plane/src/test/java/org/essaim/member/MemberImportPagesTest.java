package org.essaim.member;

import org.essaim.ldap.SpacePerson;
import org.essaim.member.csv.MemberImport;
import org.essaim.platform.DataDirectory;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.db.Tables.MEMBER_IMPORT_RUN;
import static org.essaim.db.Tables.SPACE;

/** The admins' CSV import: the console's upload, preview, import and result pages, and the API with its access rule. */
@EssaimTest
class MemberImportPagesTest extends SpaceTestSupport {

    private static final Pattern CONFIRM = Pattern.compile("action=\"(/spaces/[^\"/]+/import/[A-Za-z0-9_-]{24})\"");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Autowired
    DataDirectory dataDirectory;

    @Test
    void anAdminPreviewsABomSemicolonFileThenImportsItAndThePeopleGetTheirLinks() {
        String slug = fixtures.spaceWithAdmin("imp");
        WebClient admin = fixtures.signedIn(slug, SpaceFixtures.referent(slug));
        HttpResponse<String> form = admin.get("/spaces/" + slug + "/import", "Accept-Language", "fr");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body())
                .contains("49 places restantes dans l’espace.")
                .contains("enctype=\"multipart/form-data\"");
        assertThat(admin.get("/spaces/" + slug + "/members").body()).contains("/spaces/" + slug + "/import\"");

        byte[] file = withBom("Nom;Courriel;Rôle\n"
                + "Alice Martin;alice-" + slug + "@example.org;admin\n"
                + "Bob Durand;bob-" + slug + "@example.org;membre\n"
                + "Chris;not-an-email;\n"
                + "Alice bis;ALICE-" + slug + "@example.org;\n"
                + "Camille;" + SpaceFixtures.referent(slug) + ";\n");

        HttpResponse<String> preview = admin.upload(
                "/spaces/" + slug + "/import",
                "/spaces/" + slug + "/import",
                "file",
                "membres.csv",
                file,
                "Accept-Language",
                "fr");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body())
                .contains("Rien n’a encore été écrit")
                .contains("Sera créé comme admin")
                .contains("Sera créé comme membre")
                .contains("La même adresse qu’à la ligne 2.")
                .contains("Un compte de cet espace utilise déjà cette adresse.")
                .contains("Importer ces 2 personnes");
        assertThat(countOf(preview.body(), "data-state=\"CREATE\"")).isEqualTo(2);
        assertThat(countOf(preview.body(), "data-state=\"REFUSED\"")).isEqualTo(3);
        assertThat(spaceMembers.list(slug)).hasSize(1);
        assertThat(db.fetchCount(MEMBER_IMPORT_RUN, MEMBER_IMPORT_RUN.SPACE_SLUG.eq(slug)))
                .isZero();

        HttpResponse<String> english = admin.upload(
                "/spaces/" + slug + "/import",
                "/spaces/" + slug + "/import",
                "file",
                "members.csv",
                file,
                "Accept-Language",
                "en");
        assertThat(english.body())
                .contains("Nothing has been written yet")
                .contains("The same email as line 2.")
                .contains("An account of this space already uses this email.")
                .contains("Import these 2 people");

        HttpResponse<String> run = confirm(admin, english.body());
        assertThat(run.statusCode()).isEqualTo(302);
        String resultPath =
                URI.create(run.headers().firstValue("Location").orElseThrow()).getPath();
        assertThat(resultPath).startsWith("/spaces/" + slug + "/import/runs/");
        HttpResponse<String> result = admin.get(resultPath, "Accept-Language", "en");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body())
                .contains("2 people created")
                .contains("3 rows not created")
                .contains("Refused — Email: The same email as line 2.")
                .doesNotContain("id=\"interrupted\"");
        assertThat(countOf(result.body(), "data-state=\"CREATED\"")).isEqualTo(2);

        SpacePerson alice =
                spaceMembers.findByEmail(slug, "alice-" + slug + "@example.org").orElseThrow();
        SpacePerson bob =
                spaceMembers.findByEmail(slug, "bob-" + slug + "@example.org").orElseThrow();
        assertThat(alice.admin()).isTrue();
        assertThat(bob.admin()).isFalse();
        assertThat(alice.displayName()).isEqualTo("Alice Martin");
        assertThat(db.select(MAIL_OUTBOX.BODY)
                        .from(MAIL_OUTBOX)
                        .where(MAIL_OUTBOX.RECIPIENT.eq(alice.email()))
                        .fetchSingle(MAIL_OUTBOX.BODY))
                .contains("alice.martin")
                .containsPattern("/password/link/[A-Za-z0-9_-]{43}");
        assertThat(db.fetchCount(
                        MAIL_OUTBOX,
                        MAIL_OUTBOX.RECIPIENT.eq(bob.email()).and(MAIL_OUTBOX.TEMPLATE.eq("member-welcome"))))
                .isEqualTo(1);
        assertThat(db.fetchExists(
                        AUDIT_EVENT,
                        AUDIT_EVENT
                                .ACTION
                                .eq("members.imported")
                                .and(AUDIT_EVENT.TARGET.eq("space:" + slug))
                                .and(AUDIT_EVENT.ACTOR.contains(slug))))
                .isTrue();

        // The preview's file is gone once a run finished every row: confirming again changes nothing.
        HttpResponse<String> again = confirm(admin, english.body());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(spaceMembers.list(slug)).hasSize(3);
        // Another space's admin finds neither the page nor the result.
        String other = fixtures.spaceWithAdmin("imo");
        WebClient stranger = fixtures.signedIn(other, SpaceFixtures.referent(other));
        assertThat(stranger.get(resultPath).statusCode()).isEqualTo(404);
        assertThat(stranger.get("/spaces/" + slug + "/import").statusCode()).isEqualTo(404);
        assertThat(stranger.get("/spaces/" + other + resultPath.substring(("/spaces/" + slug).length()))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void threePlacesLeftAndFiveNewPeopleImportThreeOnThePageAndNothingThroughTheApi() throws Exception {
        String slug = fixtures.spaceWithAdmin("imq");
        db.update(SPACE).set(SPACE.ACCOUNT_QUOTA, 4).where(SPACE.SLUG.eq(slug)).execute();
        StringBuilder csv = new StringBuilder("name,email\n");
        for (int i = 1; i <= 5; i++) {
            csv.append("Person ")
                    .append(i)
                    .append(",p")
                    .append(i)
                    .append('-')
                    .append(slug)
                    .append("@example.org\n");
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        String[] referent = WebClient.basic(SpaceFixtures.referent(slug) + "@" + slug, SpaceFixtures.PASSWORD);

        HttpResponse<String> dryRun =
                postCsv("/api/v1/spaces/" + slug + "/members/import?dryRun=true", file, "en", referent);
        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(dryRun.body())
                .contains("\"placesLeft\":3")
                .contains("\"fits\":false")
                .contains("\"code\":\"memberimport.row.overLimit\"");
        HttpResponse<String> refused = postCsv("/api/v1/spaces/" + slug + "/members/import", file, "fr", referent);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("\"placesLeft\":3");
        assertThat(spaceMembers.list(slug)).hasSize(1);

        WebClient admin = fixtures.signedIn(slug, SpaceFixtures.referent(slug));
        HttpResponse<String> preview = admin.upload(
                "/spaces/" + slug + "/import",
                "/spaces/" + slug + "/import",
                "file",
                "list.csv",
                file,
                "Accept-Language",
                "en");
        assertThat(preview.body())
                .contains("3 places left in the space.")
                .contains("Import these 3 people")
                .contains("Only 3 places are left for 5 new accounts");
        assertThat(countOf(preview.body(), "data-over-limit=\"true\"")).isEqualTo(2);
        assertThat(countOf(preview.body(), "Over the limit: the space has 3 places left."))
                .isEqualTo(2);

        HttpResponse<String> run = confirm(admin, preview.body());
        HttpResponse<String> result = admin.get(
                URI.create(run.headers().firstValue("Location").orElseThrow()).getPath(), "Accept-Language", "en");
        assertThat(result.body()).contains("3 people created").contains("No place left");
        assertThat(spaceMembers.list(slug)).hasSize(4);
        assertThat(context.getBean(Places.class).left(slug)).isZero();
    }

    @Test
    void twoImportsAtOnceNeverCreateMoreThanThePlacesLeft() throws Exception {
        String slug = fixtures.spaceWithAdmin("imc");
        db.update(SPACE).set(SPACE.ACCOUNT_QUOTA, 4).where(SPACE.SLUG.eq(slug)).execute();
        MemberImport memberImport = context.getBean(MemberImport.class);
        // Both plans see 3 places left; the places each new account reserves as it is created keep the total at 3.
        List<Future<MemberImport.RunReport>> runs = new ArrayList<>();
        try (var both = Executors.newFixedThreadPool(2)) {
            for (String team : List.of("a", "b")) {
                StringBuilder csv = new StringBuilder();
                for (int i = 1; i <= 3; i++) {
                    csv.append("Person ")
                            .append(team)
                            .append(i)
                            .append(',')
                            .append(team)
                            .append(i)
                            .append('-')
                            .append(slug)
                            .append("@example.org\n");
                }
                byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
                runs.add(both.submit(() -> memberImport.run(slug, file, 3, "referent@" + slug)));
            }
        }
        long created = 0;
        for (var run : runs) {
            MemberImport.RunReport report = run.get();
            created += report.count(MemberImport.Outcome.CREATED);
            assertThat(report.rows())
                    .allSatisfy(row -> assertThat(row.outcome() == MemberImport.Outcome.CREATED
                                    || row.problem() != null
                                            && row.problem().code().equals("memberimport.row.overLimit"))
                            .isTrue());
        }
        assertThat(created).isEqualTo(3);
        assertThat(spaceMembers.list(slug)).hasSize(4);
    }

    @Test
    void theApiFollowsTheSpaceAccessRule() throws Exception {
        String slug = fixtures.spaceWithAdmin("ima");
        String other = fixtures.spaceWithAdmin("imb");
        String path = "/api/v1/spaces/" + slug + "/members/import";
        byte[] file = ("Dominique Petit;dominique-" + slug + "@example.org;\n").getBytes(StandardCharsets.UTF_8);
        String[] referent = WebClient.basic(SpaceFixtures.referent(slug) + "@" + slug, SpaceFixtures.PASSWORD);

        assertThat(postCsv(
                                path + "?dryRun=true",
                                file,
                                "en",
                                WebClient.basic(SpaceFixtures.referent(other) + "@" + other, SpaceFixtures.PASSWORD))
                        .statusCode())
                .isEqualTo(404);
        String[] staff = WebClient.basic("admin", Staff.adminPassword(dataDirectory));
        HttpResponse<String> staffPreview = postCsv(path + "?dryRun=true", file, "en", staff);
        assertThat(staffPreview.statusCode()).isEqualTo(200);
        assertThat(staffPreview.body()).contains("\"fate\":\"create\"");
        assertThat(postCsv(path, file, "en", staff).statusCode()).isEqualTo(403);
        assertThat(spaceMembers.list(slug)).hasSize(1);

        HttpResponse<String> run = postCsv(path, file, "fr", referent);
        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(run.body())
                .contains("\"created\":1")
                .contains("\"outcome\":\"created\"")
                .contains("\"placesLeft\":48");
        SpacePerson dominique = spaceMembers
                .findByEmail(slug, "dominique-" + slug + "@example.org")
                .orElseThrow();
        spaceMembers.setPassword(slug, dominique.uid(), SpaceFixtures.PASSWORD, "Les Amis de " + slug);
        assertThat(postCsv(
                                path + "?dryRun=true",
                                file,
                                "en",
                                WebClient.basic(dominique.uid() + "@" + slug, SpaceFixtures.PASSWORD))
                        .statusCode())
                .isEqualTo(403);
        // The same file again: the person an import created is recognised, not duplicated nor emailed again.
        HttpResponse<String> second = postCsv(path, file, "en", referent);
        assertThat(second.body()).contains("\"unchanged\":1").contains("\"created\":0");
        assertThat(fixtures.mailsTo(dominique.email())).isEqualTo(1);
        assertThat(spaceMembers.list(slug)).hasSize(2);
    }

    private HttpResponse<String> confirm(WebClient client, String previewPage) {
        Matcher matcher = CONFIRM.matcher(previewPage);
        assertThat(matcher.find()).as("a confirm form in " + previewPage).isTrue();
        return client.postForm(matcher.group(1), Map.of("_csrf", WebClient.csrfToken(previewPage)));
    }

    private HttpResponse<String> postCsv(String path, byte[] body, String language, String... headers)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "text/csv")
                .header("Accept-Language", language)
                .headers(headers)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static byte[] withBom(String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[BOM.length + content.length];
        System.arraycopy(BOM, 0, all, 0, BOM.length);
        System.arraycopy(content, 0, all, BOM.length, content.length);
        return all;
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
