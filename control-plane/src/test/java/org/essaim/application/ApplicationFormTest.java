package org.essaim.application;

import org.essaim.campaign.Campaigns;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.testing.ApplicationFixtures.uniqueEmail;
import static org.essaim.testing.ApplicationFixtures.uniqueSlug;
import static org.essaim.testing.ApplicationFixtures.validForm;

/** The public page and its form, in French and English, through HTTP as a browser without JavaScript sends it. */
@EssaimTest
class ApplicationFormTest {

    @LocalServerPort
    int port;

    @Autowired
    Campaigns campaigns;

    @Autowired
    DSLContext db;

    @BeforeEach
    void openCampaign() {
        ApplicationFixtures.openFreshCampaign(campaigns, null);
    }

    @Test
    void theFrenchPagePresentsTheOfferWhoItIsNotForAndTheForm() {
        String page = new WebClient(port).get("/apply", "Accept-Language", "fr").body();

        assertThat(page)
                .contains("<html lang=\"fr\"")
                .contains("Un nuage collaboratif gratuit pour votre association")
                .contains("Jusqu’à 50 comptes et 40 Go partagés par tous, gratuitement")
                .contains("Pour qui ce n’est pas")
                .contains("Les entreprises, les écoles et universités, les mairies")
                .contains("<label for=\"organisationName\">Nom de l’organisation</label>")
                .contains("Collectif de fait")
                .contains("Syndicat")
                .contains("Fondation")
                .contains("Coopérative")
                .contains("Numéro RNA (W suivi de 9 chiffres) ou numéro SIREN (9 chiffres)")
                .contains("<option value=\"FR\" selected=\"selected\">France</option>")
                .contains("Pourquoi un hébergement payant n’est-il pas possible pour vous ?")
                .contains(".essaim.local")
                .contains("la charte du service")
                .contains("name=\"website\"")
                .contains("name=\"submissionKey\"")
                .contains("<script src=\"/js/apply.js\" defer></script>")
                .doesNotContain("id=\"closed\"");
    }

    @Test
    void theEnglishPageSaysTheSameInEnglish() {
        String page = new WebClient(port).get("/apply", "Accept-Language", "en").body();

        assertThat(page)
                .contains("<html lang=\"en\"")
                .contains("A free collaborative cloud for your association")
                .contains("Who it is not for")
                .contains("Companies, schools and universities, town halls")
                .contains("<label for=\"organisationName\">Name of the organisation</label>")
                .contains("De facto collective")
                .contains("Why is a paid host not an option for you?")
                .contains("I have read and I accept");
    }

    @Test
    void aValidApplicationIsStoredAndAConfirmationLinkIsSentInTheFormsLanguage() {
        for (String language : new String[] {"fr", "en"}) {
            WebClient browser = new WebClient(port);
            browser.get("/apply?lang=" + language);
            String email = uniqueEmail("form-" + language);
            String slug = uniqueSlug("jardin-" + language);

            HttpResponse<String> sent = browser.submit("/apply", "/apply", validForm(slug, email));

            assertThat(sent.statusCode()).isEqualTo(302);
            assertThat(sent.headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/apply/sent"));
            String confirmation = browser.get("/apply/sent").body();
            assertThat(confirmation).contains(email);
            var stored = db.selectFrom(APPLICATION)
                    .where(APPLICATION.CONTACT_EMAIL.eq(email))
                    .fetchSingle();
            assertThat(stored.getState()).isEqualTo(ApplicationState.UNCONFIRMED);
            assertThat(stored.getSlug()).isEqualTo(slug);
            assertThat(stored.getLanguage()).isEqualTo(language);
            assertThat(stored.getAnnualBudget()).isEqualTo(3500L);
            var mail = db.selectFrom(MAIL_OUTBOX)
                    .where(MAIL_OUTBOX.RECIPIENT.eq(email))
                    .fetchSingle();
            assertThat(mail.getTemplate()).isEqualTo("application-confirm");
            assertThat(mail.getLocale()).isEqualTo(language);
            assertThat(mail.getSubject())
                    .isEqualTo(
                            language.equals("fr")
                                    ? "Confirmez votre candidature à Essaim"
                                    : "Confirm your application to Essaim");
            assertThat(mail.getBody())
                    .contains(slug + ".essaim.local")
                    .containsPattern("/apply/confirm/[A-Za-z0-9_-]{43}")
                    .contains(language.equals("fr") ? "dans les 7 jours" : "within 7 days");
            assertThat(stored.getConfirmationTokenHash())
                    .as("only the hash is stored")
                    .hasSize(64)
                    .isNotEqualTo(ApplicationFixtures.confirmationToken(db, email));
        }
    }

    @Test
    void badInputIsExplainedNextToEachFieldInTheVisitorsLanguageEscapedAndNothingIsStored() {
        WebClient browser = new WebClient(port);
        browser.get("/apply?lang=fr");
        String email = uniqueEmail("bad");
        Map<String, String> form = validForm(uniqueSlug("bad"), email);
        form.put("organisationName", "<script>alert('nom')</script>");
        form.put("purpose", "x".repeat(5000));
        form.put("whyNotPaid", "Parce que\u0000 voilà tout.");
        form.put("slug", "\u0430map-lyon");
        form.put("contactEmail", "camille@@example.org\"><img src=x>");
        form.put("charterAccepted", "");

        HttpResponse<String> refused = browser.submit("/apply", "/apply", form);

        assertThat(refused.statusCode()).isEqualTo(200);
        String page = refused.body();
        assertThat(page)
                .contains("Merci de corriger les points suivants")
                .contains("Écrivez du texte simple : le balisage comme &lt;b&gt; ou &lt;script&gt; n’est pas accepté.")
                .contains("Écrivez au plus 4")
                .contains("Ce texte contient un caractère de contrôle invisible (U+0000)")
                .contains("ressemble à la lettre latine « a » mais c’est un autre caractère")
                .contains("Saisissez une adresse électronique valide")
                .contains("Acceptez la charte pour candidater.")
                .contains("id=\"organisationName-error\"")
                .contains("aria-invalid=\"true\"")
                .contains("&lt;script&gt;alert(&#39;nom&#39;)&lt;/script&gt;")
                .contains("camille@@example.org&quot;&gt;&lt;img src=x&gt;")
                .doesNotContain("<script>alert")
                .doesNotContain("<img src=x>");
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.like("%" + email.substring(0, 20) + "%")))
                .isZero();
        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.like("%" + email.substring(0, 20) + "%")))
                .isZero();
    }

    @Test
    void theSameErrorsReadInEnglishForAnEnglishVisitor() {
        WebClient browser = new WebClient(port);
        browser.get("/apply?lang=en");
        Map<String, String> form = validForm("www", uniqueEmail("bad-en"));
        form.put("memberCount", "lots");

        String page = browser.submit("/apply", "/apply", form).body();

        assertThat(page)
                .contains("Please correct the following")
                .contains("The address «www» is reserved")
                .contains("Enter a whole number, digits only.");
    }

    @Test
    void aDoubleSubmitStoresOneApplicationSendsOneEmailAndSaysSo() {
        WebClient browser = new WebClient(port);
        browser.get("/apply?lang=en");
        String email = uniqueEmail("double");
        Map<String, String> form = validForm(uniqueSlug("double"), email);

        assertThat(browser.submit("/apply", "/apply", form).statusCode()).isEqualTo(302);
        HttpResponse<String> again = browser.submit("/apply", "/apply", form);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("This form was already sent").contains(email);
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.eq(email)))
                .isEqualTo(1);
        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(email))).isEqualTo(1);
    }

    @Test
    void anAddressAlreadyRequestedIsRefusedOnTheSlugField() {
        String slug = uniqueSlug("taken");
        WebClient first = new WebClient(port);
        first.submit("/apply", "/apply", validForm(slug, uniqueEmail("first")));
        WebClient second = new WebClient(port);
        second.get("/apply?lang=en");
        String email = uniqueEmail("second");

        String page = second.submit("/apply", "/apply", validForm(slug, email)).body();

        assertThat(page)
                .contains("id=\"slug-error\"")
                .contains("The address «" + slug + "» is already taken or requested");
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.eq(email)))
                .isZero();
    }

    @Test
    void aBotFillingTheHoneypotIsAnsweredAsUsualAndNothingIsStored() {
        WebClient bot = new WebClient(port);
        String email = uniqueEmail("bot");
        Map<String, String> form = validForm(uniqueSlug("bot"), email);
        form.put("website", "http://spam.example");

        HttpResponse<String> answer = bot.submit("/apply", "/apply", form);

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/apply/sent"));
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.eq(email)))
                .isZero();
        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(email))).isZero();
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() {
        String email = uniqueEmail("csrf");
        HttpResponse<String> refused = new WebClient(port).postForm("/apply", validForm(uniqueSlug("csrf"), email));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.eq(email)))
                .isZero();
    }

    @Test
    void withoutAnOpenCampaignThePageSaysWhenTheNextOpensAndTheFormIsRefused() {
        ApplicationFixtures.closeAnyOpenCampaign(campaigns);
        LocalDate opening = LocalDate.now().plusDays(40);
        campaigns.create("Automne", opening.toString(), null, ApplicationFixtures.TEST_ACTOR);
        WebClient browser = new WebClient(port);

        String french = browser.get("/apply", "Accept-Language", "fr").body();
        assertThat(french)
                .contains("Les candidatures sont fermées pour le moment")
                .contains("La prochaine campagne ouvre le " + opening.getDayOfMonth() + " ")
                .contains("Être prévenu·e de l’ouverture de la prochaine campagne")
                .doesNotContain("name=\"organisationName\"");

        String email = uniqueEmail("closed");
        Map<String, String> form = validForm(uniqueSlug("closed"), email);
        form.put("_csrf", WebClient.csrfToken(french));
        String refused = browser.postForm("/apply", form).body();
        assertThat(refused).contains("aucune n’est ouverte en ce moment");
        assertThat(db.fetchCount(APPLICATION, APPLICATION.CONTACT_EMAIL.eq(email)))
                .isZero();
    }

    @Test
    void theCharterIsAPageInBothLanguages() {
        WebClient browser = new WebClient(port);
        assertThat(browser.get("/charter", "Accept-Language", "fr").body()).contains("La charte du service");
        assertThat(browser.get("/charter", "Accept-Language", "en").body()).contains("The service’s charter");
    }
}
