package org.essaim.space;

import org.essaim.ldap.SpaceSubtrees;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.MAIL_OUTBOX;

/** What a space's admin reads on their pages is said in plain words, in both languages. */
@EssaimTest
class SpaceAdminPagesWordsTest {

    private static final String PASSWORD = "Quokka-tamarind-lantern-42";

    @LocalServerPort
    int port;

    @Autowired
    SpaceRegistry registry;

    @Autowired
    SpaceSubtrees subtrees;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DSLContext db;

    /**
     * The settings say, beside each choice, what it does to the space's data: turning a service off stops it and
     * keeps its data; another office suite opens the same documents. Tied to the choices ({@code aria-describedby})
     * so that a screen reader reads it with them.
     */
    @Test
    void theSettingsSayWhatTurningAServiceOffDoesToItsData() throws Exception {
        String slug = ApplicationFixtures.uniqueSlug("reglages");
        WebClient admin = signedInReferent(slug);

        String french = admin.get("/spaces/" + slug + "/settings?lang=fr").body();
        assertThat(french)
                .contains("<fieldset aria-describedby=\"services-hint\">")
                .contains("<p class=\"hint\" id=\"services-hint\">"
                        + "Désactiver un service l’arrête : plus personne ne peut l’ouvrir. Ses données sont gardées (elles comptent "
                        + "toujours dans le stockage de l’espace) et le réactiver les retrouve telles quelles.</p>")
                .contains("<fieldset aria-describedby=\"office-hint\">")
                .contains("<p class=\"hint\" id=\"office-hint\">"
                        + "Les documents restent dans l’espace de travail : seul l’éditeur qui les ouvre change.</p>");
        String english = admin.get("/spaces/" + slug + "/settings?lang=en").body();
        assertThat(english)
                .contains("<p class=\"hint\" id=\"services-hint\">Turning a service off stops it: nobody can "
                        + "open it any more. Its data is kept (it still counts in the space’s storage), and turning it on again "
                        + "finds it as it was.</p>")
                .contains(
                        "<p class=\"hint\" id=\"office-hint\">The documents stay in the workspace: only the editor that "
                                + "opens them changes.</p>");
    }

    /** What Essaim holds about me names the groups in words (their directory names kept as code) and Essaim itself. */
    @Test
    void myDataNamesGroupsAndEssaimInWords() throws Exception {
        String slug = ApplicationFixtures.uniqueSlug("donnees");
        WebClient admin = signedInReferent(slug);
        String french = admin.get("/spaces/" + slug + "/me/data?lang=fr").body();
        assertThat(french)
                .containsPattern("<dd id=\"groups\">membres de l’espace, admins de l’espace\\s+"
                        + "\\(<code>members, admins</code>\\)</dd>")
                .contains("<td>Essaim (automatique)</td>")
                .doesNotContain("<td>essaim</td>");
        String english = admin.get("/spaces/" + slug + "/me/data?lang=en").body();
        assertThat(english)
                .containsPattern("<dd id=\"groups\">members of the space, admins of the space\\s+"
                        + "\\(<code>members, admins</code>\\)</dd>")
                .contains("<td>Essaim (automatic)</td>");
    }

    /** A new space whose referent has accepted the invitation and signed in. */
    private WebClient signedInReferent(String slug) throws Exception {
        String referent = "camille@" + slug + ".example.org";
        transaction.executeWithoutResult(status -> registry.register(
                new NewSpace(slug, "Les Amis de " + slug, "fr", "Camille Martin", referent, null, null), "admin"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!subtrees.hasSpace(slug)) {
            assertThat(System.nanoTime()).as("the space's directory subtree").isLessThan(deadline);
            Thread.sleep(50);
        }
        String body = db.select(MAIL_OUTBOX.BODY)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(referent))
                .orderBy(MAIL_OUTBOX.ID.desc())
                .limit(1)
                .fetchSingle(MAIL_OUTBOX.BODY);
        Matcher invitation = Pattern.compile("/invitations/([A-Za-z0-9_-]{43})").matcher(body);
        assertThat(invitation.find()).as("the referent's invitation in " + body).isTrue();
        String path = "/invitations/" + invitation.group(1);
        assertThat(new WebClient(port)
                        .submit(
                                path,
                                path,
                                Map.of("displayName", "Camille Martin", "password", PASSWORD, "confirmation", PASSWORD))
                        .statusCode())
                .isEqualTo(200);
        WebClient admin = new WebClient(port);
        HttpResponse<String> signedIn = admin.submit(
                "/login", "/login", Map.of("space", slug, "username", "camille.martin", "password", PASSWORD));
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));
        return admin;
    }
}
