package org.essaim.review;

import org.essaim.application.ApplicationState;
import org.essaim.db.tables.records.ApplicationRecord;
import org.essaim.db.tables.records.MailOutboxRecord;
import org.essaim.space.NewSpace;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.SpaceState;
import org.essaim.testing.Applicants;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.ReviewDesk;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.db.Tables.REVIEW_NOTE;
import static org.essaim.db.Tables.SPACE;

/**
 * What reviewers do on an application: decide with a reason (approve registers the space), write notes, assign;
 * the applicant is told in the application's language; refusals change nothing; everything is audited.
 */
@EssaimTest
class DecisionTest {

    static final String CAMILLE_PASSWORD = "camille-reviews-7Kq";

    @LocalServerPort
    int port;

    @Autowired
    ReviewDesk desk;

    @Autowired
    DSLContext db;

    @Autowired
    SpaceRegistry spaces;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    ObjectMapper json;

    private Applicants applicants;

    @BeforeEach
    void setUp() {
        desk.openCampaign();
        applicants = desk.applicants();
        desk.reviewer("camille", "Camille Reviewer", CAMILLE_PASSWORD);
    }

    /** The file's history says who did what with each language's punctuation (a space before the colon in French). */
    @Test
    void theHistorySaysWhoInEachLanguagesTypography() {
        long id = applicants.confirmed("history", Locale.FRENCH, f -> {});
        assertThat(history(desk.signedInAdmin("fr")
                        .get("/staff/applications/" + id)
                        .body()))
                .containsPattern("<span>La personne candidate\u00a0:</span>\\s+<span>Candidature envoyée")
                .doesNotContain("candidate</span>:");
        assertThat(history(desk.signedInAdmin("en")
                        .get("/staff/applications/" + id)
                        .body()))
                .containsPattern("<span>The applicant:</span>\\s+<span>");
    }

    private static String history(String page) {
        int start = page.indexOf("id=\"history\"");
        assertThat(start).as("the history").isPositive();
        return page.substring(start, page.indexOf("</ol>", start));
    }

    @Test
    void approvingOnThePageRegistersThePendingSpaceAndTellsTheApplicantInTheApplicationsLanguage() {
        long id = applicants.confirmed("approve", Locale.ENGLISH, f -> f.put("mainLanguage", "br"));
        ApplicationRecord application = application(id);
        WebClient camille = desk.signedIn("camille", CAMILLE_PASSWORD, "fr");

        HttpResponse<String> decided = camille.submit(
                "/staff/applications/" + id,
                "/staff/applications/" + id + "/decision",
                Map.of("decision", "APPROVE", "reason", "Petite association, projet clair."));

        assertThat(decided.statusCode()).isEqualTo(302);
        assertThat(application(id).getState()).isEqualTo(ApplicationState.APPROVED);
        assertThat(application(id).getDecidedBy()).isEqualTo("camille");
        var space = db.selectFrom(SPACE).where(SPACE.APPLICATION_ID.eq(id)).fetchSingle();
        assertThat(space.getSlug()).isEqualTo(application.getSlug());
        // Registered now; provisioning (after commit, on its own threads) may already have moved it on.
        assertThat(space.getState()).isIn(SpaceState.PENDING, SpaceState.PROVISIONING);
        assertThat(space.getDisplayName()).isEqualTo(application.getOrganisationName());
        assertThat(space.getLanguage()).isEqualTo("br");
        assertThat(space.getReferentEmail()).isEqualTo(application.getContactEmail());
        var mail = db.selectFrom(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(application.getContactEmail()))
                .and(MAIL_OUTBOX.TEMPLATE.eq("application-approved"))
                .fetchSingle();
        assertThat(mail.getSubject()).isEqualTo("Your application to Essaim is approved");
        assertThat(mail.getBody())
                .contains("Petite association, projet clair.")
                .contains(application.getSlug() + ".essaim.local");
        assertThat(db.select(AUDIT_EVENT.ACTION)
                        .from(AUDIT_EVENT)
                        .where(AUDIT_EVENT.ACTOR.eq("camille"))
                        .and(AUDIT_EVENT.TARGET.in("application:" + id, "space:" + application.getSlug()))
                        .orderBy(AUDIT_EVENT.ID)
                        .fetch(AUDIT_EVENT.ACTION))
                .containsExactly("space.registered", "application.approved");
        assertThat(camille.get("/staff/applications/" + id).body())
                .contains("La décision est enregistrée")
                .contains("<strong id=\"state\">Acceptée</strong>")
                .contains("enregistré à « " + application.getSlug() + " », état ")
                .contains("href=\"/staff/spaces/" + application.getSlug() + "\"");
    }

    @Test
    void rejectingAndDeferringTellTheApplicantInFrenchForAFrenchApplication() {
        long rejected = applicants.confirmed("reject", Locale.FRENCH, f -> {});
        long deferred = applicants.confirmed("defer", Locale.FRENCH, f -> {});
        WebClient api = new WebClient(port);
        String[] staff = WebClient.basic("camille", CAMILLE_PASSWORD);

        HttpResponse<String> rejection = api.postJson(
                "/api/v1/staff/applications/" + rejected + "/decision",
                "{\"decision\": \"REJECT\", \"reason\": \"Une entreprise, pas une association.\"}",
                staff);
        HttpResponse<String> deferral = api.postJson(
                "/api/v1/staff/applications/" + deferred + "/decision",
                "{\"decision\": \"DEFER\", \"reason\": \"Éligible, campagne complète.\"}",
                staff);

        assertThat(rejection.statusCode()).isEqualTo(200);
        assertThat(json.readTree(rejection.body())
                        .get("application")
                        .get("state")
                        .asString())
                .isEqualTo("REJECTED");
        assertThat(deferral.statusCode()).isEqualTo(200);
        assertThat(application(deferred).getState()).isEqualTo(ApplicationState.DEFERRED);
        assertThat(db.fetchCount(SPACE, SPACE.APPLICATION_ID.in(rejected, deferred)))
                .isZero();
        assertThat(mail(rejected, "application-rejected").getSubject()).isEqualTo("Votre candidature à Essaim");
        assertThat(mail(rejected, "application-rejected").getBody()).contains("Une entreprise, pas une association.");
        assertThat(mail(deferred, "application-deferred").getSubject())
                .isEqualTo("Votre candidature à Essaim est reportée à la prochaine campagne");
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT
                                .ACTION
                                .eq("application.rejected")
                                .and(AUDIT_EVENT.TARGET.eq("application:" + rejected))
                                .and(AUDIT_EVENT.ACTOR.eq("camille"))))
                .isEqualTo(1);
    }

    @Test
    void aDecisionOnAnApplicationAlreadyDecidedIsRefusedAndChangesNothing() {
        long id = applicants.confirmed("twice");
        WebClient api = new WebClient(port);
        String[] staff = desk.asAdmin();
        api.postJson(
                "/api/v1/staff/applications/" + id + "/decision",
                "{\"decision\": \"REJECT\", \"reason\": \"Non.\"}",
                staff);
        ApplicationRecord before = application(id);
        int mails = db.fetchCount(MAIL_OUTBOX);

        HttpResponse<String> again = api.postJson(
                "/api/v1/staff/applications/" + id + "/decision",
                "{\"decision\": \"APPROVE\", \"reason\": \"Finalement oui.\"}",
                staff[0],
                staff[1],
                "Accept-Language",
                "en");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body())
                .contains("https://essaim.org/problems/application-already-decided")
                .contains("already decided; nothing was changed");
        assertThat(application(id)).isEqualTo(before);
        assertThat(db.fetchCount(SPACE, SPACE.APPLICATION_ID.eq(id))).isZero();
        assertThat(db.fetchCount(MAIL_OUTBOX)).isEqualTo(mails);

        WebClient browser = desk.signedInAdmin("en");
        String page = browser.get("/staff/applications/" + id).body();
        assertThat(page).contains("id=\"no-decision\"").doesNotContain("/decision\"");
        // A page opened before the first decision still holds the form: its post is refused all the same.
        String refused = browser.postForm(
                        "/staff/applications/" + id + "/decision",
                        Map.of("decision", "APPROVE", "reason", "Encore.", "_csrf", WebClient.csrfToken(page)))
                .body();
        assertThat(refused).contains("This application was already decided; nothing was changed.");
        assertThat(application(id)).isEqualTo(before);
    }

    @Test
    void anInvalidDecisionIsExplainedOnItsFieldsAndChangesNothing() {
        long id = applicants.confirmed("invalid");
        WebClient browser = desk.signedInAdmin("en");

        String page = browser.submit(
                        "/staff/applications/" + id,
                        "/staff/applications/" + id + "/decision",
                        Map.of("decision", "MAYBE", "reason", "<script>alert(1)</script>"))
                .body();

        assertThat(page)
                .contains("Choose one of the options offered.")
                .contains("Write plain text")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)");
        assertThat(application(id).getState()).isEqualTo(ApplicationState.IN_REVIEW);

        HttpResponse<String> api = new WebClient(port)
                .postJson(
                        "/api/v1/staff/applications/" + id + "/decision",
                        "{\"decision\": \"APPROVE\"}",
                        desk.asAdmin());
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).contains("\"field\":\"reason\"");
        assertThat(application(id).getState()).isEqualTo(ApplicationState.IN_REVIEW);
        assertThat(new WebClient(port)
                        .postJson(
                                "/api/v1/staff/applications/999999999/decision",
                                "{\"decision\": \"APPROVE\", \"reason\": \"Parfait.\"}",
                                desk.asAdmin())
                        .statusCode())
                .isEqualTo(404);
    }

    /**
     * An application sent while the form still accepted an address no space can have (a leading digit, as
     * {@code 1jardin} was): the review flags it, and approving it is refused instead of leaving a space pending
     * for ever behind a Space resource the CRD refuses.
     */
    @Test
    void anAddressNoSpaceCanHaveIsFlaggedAndCannotBeApproved() {
        long id = applicants.confirmed("digit");
        String legacy = "1jardin-" + id;
        db.update(APPLICATION)
                .set(APPLICATION.SLUG, legacy)
                .where(APPLICATION.ID.eq(id))
                .execute();
        ApplicationRecord application = application(id);
        WebClient browser = desk.signedInAdmin("en");

        String file = browser.get("/staff/applications/" + id).body();
        assertThat(file).contains("data-flag=\"SLUG_INVALID\"").contains("breaks the naming rules every space follows");
        String refused = browser.postForm(
                        "/staff/applications/" + id + "/decision",
                        Map.of("decision", "APPROVE", "reason", "Yes.", "_csrf", WebClient.csrfToken(file)))
                .body();

        assertThat(refused).contains("The address «" + legacy + "» breaks the naming rules");
        assertThat(application(id)).isEqualTo(application);
        assertThat(db.fetchCount(SPACE, SPACE.SLUG.eq(legacy))).isZero();
    }

    @Test
    void whenASpaceTookTheAddressSinceApprovalIsRefusedAndNothingChanges() {
        long id = applicants.confirmed("since");
        ApplicationRecord application = application(id);
        transaction.executeWithoutResult(status -> spaces.register(
                new NewSpace(application.getSlug(), "Autre asso", "fr", "Quelqu’un", "autre@example.org", null, null),
                "admin"));
        WebClient browser = desk.signedInAdmin("fr");

        String file = browser.get("/staff/applications/" + id).body();
        assertThat(file).contains("data-flag=\"SLUG_TAKEN\"").contains("l’espace « Autre asso » a pris l’adresse");
        String refused = browser.postForm(
                        "/staff/applications/" + id + "/decision",
                        Map.of("decision", "APPROVE", "reason", "Oui.", "_csrf", WebClient.csrfToken(file)))
                .body();

        assertThat(refused).contains("Un espace a pris l’adresse « " + application.getSlug() + " »");
        assertThat(application(id)).isEqualTo(application);
        assertThat(db.fetchCount(SPACE, SPACE.APPLICATION_ID.eq(id))).isZero();
        assertThat(db.fetchCount(
                        MAIL_OUTBOX,
                        MAIL_OUTBOX
                                .RECIPIENT
                                .eq(application.getContactEmail())
                                .and(MAIL_OUTBOX.TEMPLATE.eq("application-approved"))))
                .isZero();
    }

    @Test
    void reviewersLeaveNotesForEachOtherAndAssignAndBothAreAudited() {
        long id = applicants.confirmed("notes");
        WebClient camille = desk.signedIn("camille", CAMILLE_PASSWORD, "en");

        camille.submit(
                "/staff/applications/" + id,
                "/staff/applications/" + id + "/notes",
                Map.of("body", "Called them: 12 active members & a \"real\" project <3"));
        camille.submit(
                "/staff/applications/" + id, "/staff/applications/" + id + "/assign", Map.of("assignee", "camille"));

        String page = camille.get("/staff/applications/" + id).body();
        assertThat(page)
                .contains("Called them: 12 active members &amp; a &quot;real&quot; project &lt;3")
                .contains("<option value=\"camille\" selected=\"selected\">");
        assertThat(db.fetchCount(REVIEW_NOTE, REVIEW_NOTE.APPLICATION_ID.eq(id).and(REVIEW_NOTE.AUTHOR.eq("camille"))))
                .isEqualTo(1);
        assertThat(application(id).getAssignedTo()).isEqualTo("camille");
        assertThat(db.select(AUDIT_EVENT.ACTION)
                        .from(AUDIT_EVENT)
                        .where(AUDIT_EVENT.TARGET.eq("application:" + id))
                        .and(AUDIT_EVENT.ACTOR.eq("camille"))
                        .orderBy(AUDIT_EVENT.ID)
                        .fetch(AUDIT_EVENT.ACTION))
                .containsExactly("application.note-added", "application.assigned");
        assertThat(page).contains("Note added").contains("Reviewer assigned");

        String unknown = camille.submit(
                        "/staff/applications/" + id,
                        "/staff/applications/" + id + "/assign",
                        Map.of("assignee", "nobody-here"))
                .body();
        assertThat(unknown).contains("Choose a staff account from the list.");
        assertThat(application(id).getAssignedTo()).isEqualTo("camille");
        String emptyNote = camille.submit(
                        "/staff/applications/" + id, "/staff/applications/" + id + "/notes", Map.of("body", "   "))
                .body();
        assertThat(emptyNote).contains("This field is required.");
        assertThat(db.fetchCount(REVIEW_NOTE, REVIEW_NOTE.APPLICATION_ID.eq(id)))
                .isEqualTo(1);
    }

    @Test
    void theApiGivesTheWholeFileWithFlagReasonsInTheClientsLanguage() {
        long id = applicants.confirmed("file", Locale.FRENCH, f -> {
            f.put("memberCount", "120");
            f.put("kind", "OTHER");
        });
        String[] staff = desk.asAdmin();
        WebClient api = new WebClient(port);

        JsonNode file =
                json.readTree(api.get("/api/v1/staff/applications/" + id, staff[0], staff[1], "Accept-Language", "en")
                        .body());

        assertThat(file.get("application").get("id").asLong()).isEqualTo(id);
        assertThat(file.get("application").get("memberCount").asInt()).isEqualTo(120);
        assertThat(file.get("daysLeft").asLong()).isEqualTo(30);
        assertThat(file.get("flags").toString())
                .contains("\"flag\":\"MANY_MEMBERS\"")
                .contains("120 members, more than the 50 accounts of a space.")
                .contains("\"flag\":\"EXCLUDED_KIND\"");
        HttpResponse<String> note =
                api.postJson("/api/v1/staff/applications/" + id + "/notes", "{\"body\": \"Vu.\"}", staff);
        assertThat(note.statusCode()).isEqualTo(201);
        HttpResponse<String> assigned = api.sendJson(
                "PUT", "/api/v1/staff/applications/" + id + "/assignee", "{\"assignee\": \"camille\"}", staff);
        assertThat(assigned.statusCode()).isEqualTo(200);
        assertThat(json.readTree(assigned.body())
                        .get("application")
                        .get("assignedTo")
                        .asString())
                .isEqualTo("camille");
        assertThat(api.get("/api/v1/staff/applications/999999999", staff).statusCode())
                .isEqualTo(404);
    }

    private ApplicationRecord application(long id) {
        return db.selectFrom(APPLICATION).where(APPLICATION.ID.eq(id)).fetchSingle();
    }

    private MailOutboxRecord mail(long id, String template) {
        return db.selectFrom(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(application(id).getContactEmail()))
                .and(MAIL_OUTBOX.TEMPLATE.eq(template))
                .fetchSingle();
    }
}
