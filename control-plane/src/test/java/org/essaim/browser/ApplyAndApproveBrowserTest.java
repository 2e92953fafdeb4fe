package org.essaim.browser;

import org.essaim.application.ApplicationState;
import org.essaim.db.tables.records.ApplicationRecord;
import org.essaim.space.SpaceState;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.ReviewDesk;
import org.essaim.testsupport.RequiresProgram;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.db.Tables.SPACE;

/**
 * The whole front door in a real browser: an association applies in French (the address checked as it is typed,
 * by the page's own script), confirms its email, follows its application; a member of staff approves it; the
 * applicant reads the decision. Every page loads nothing from elsewhere and logs no error.
 */
@EssaimTest
@RequiresProgram({"chromium", "chromedriver"})
class ApplyAndApproveBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    ReviewDesk desk;

    @Autowired
    DSLContext db;

    @Test
    void anAssociationAppliesInFrenchConfirmsAndIsApprovedByStaff() {
        String origin = "http://localhost:" + port;
        desk.openCampaign(20);
        long other = desk.applicants().submit("pris", Locale.FRENCH, f -> {});
        String takenSlug = db.select(APPLICATION.SLUG)
                .from(APPLICATION)
                .where(APPLICATION.ID.eq(other))
                .fetchSingle(APPLICATION.SLUG);
        String slug = ApplicationFixtures.uniqueSlug("grainotheque");
        String email = ApplicationFixtures.uniqueEmail("grainotheque");

        try (Browser applicant = Browser.start(Locale.FRENCH)) {
            applicant.open(origin + "/");
            applicant.find("#apply-link").click();
            applicant.waitFor(ExpectedConditions.urlToBe(origin + "/apply"));
            assertThat(applicant.htmlLang()).isEqualTo("fr");
            assertThat(applicant.text("main h1")).isEqualTo("Un nuage collaboratif gratuit pour votre association");
            assertSelfContained(applicant, origin);

            type(applicant, "#organisationName", "Grainothèque de la Croix-Rousse");
            applicant.find("label[for='kind1']").click();
            type(applicant, "#officialIdentifier", "W691234567");
            type(applicant, "#purpose", "Échanger des semences libres entre voisins, ateliers de semis au printemps.");
            type(applicant, "#memberCount", "35");
            type(applicant, "#annualBudget", "1 200");
            type(applicant, "#whyNotPaid", "Aucun budget : nous vivons des cotisations à prix libre.");
            type(applicant, "#contactName", "Louise Morel");
            type(applicant, "#contactEmail", email);

            // The page's script checks the address as it is typed.
            type(applicant, "#slug", takenSlug);
            applicant.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("slug-status"), "déjà prise"));
            assertThat(applicant.find("#slug-status").getAttribute("class")).contains("unavailable");
            type(applicant, "#slug", slug);
            applicant.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("slug-status"), "est libre"));
            applicant.script("document.getElementById('slug').scrollIntoView()");
            applicant.screenshot("apply-form-fr");

            // Forgetting the charter: the server says so next to it, and keeps what was typed.
            applicant.find(".application-form button[type=submit]").click();
            applicant.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("charterAccepted-error")));
            assertThat(applicant.text("#charterAccepted-error")).isEqualTo("Acceptez la charte pour candidater.");
            assertThat(applicant.find("#organisationName").getAttribute("value"))
                    .isEqualTo("Grainothèque de la Croix-Rousse");
            assertSelfContained(applicant, origin);

            applicant.find("label[for='charterAccepted'] span").click();
            applicant.find(".application-form button[type=submit]").click();
            applicant.waitFor(ExpectedConditions.urlToBe(origin + "/apply/sent"));
            assertThat(applicant.text("#sent")).contains(email).contains("7 jours");
            assertSelfContained(applicant, origin);

            // The confirmation link, from the email.
            applicant.open(origin + "/apply/confirm/" + ApplicationFixtures.confirmationToken(db, email));
            assertThat(applicant.text("main")).contains("Grainothèque de la Croix-Rousse");
            applicant.find("main form button[type=submit]").click();
            applicant.waitFor(ExpectedConditions.urlContains("/apply/status/"));
            assertThat(applicant.text("#confirmed")).contains("votre adresse est confirmée");
            assertThat(applicant.text("#state")).isEqualTo("En cours d’examen");
            assertSelfContained(applicant, origin);
            applicant.screenshot("application-status-fr");
        }
        ApplicationRecord application = db.selectFrom(APPLICATION)
                .where(APPLICATION.CONTACT_EMAIL.eq(email))
                .fetchSingle();
        assertThat(application.getState()).isEqualTo(ApplicationState.IN_REVIEW);
        assertThat(application.getLanguage()).isEqualTo("fr");

        try (Browser staff = Browser.start(Locale.ENGLISH)) {
            staff.open(origin + "/login");
            staff.find("#username").sendKeys("admin");
            staff.find("#password").sendKeys(desk.adminPassword());
            staff.find("main form button[type=submit]").click();
            staff.waitFor(ExpectedConditions.urlToBe(origin + "/staff"));
            staff.find("header nav a[href='/staff/applications']").click();
            staff.waitFor(ExpectedConditions.urlToBe(origin + "/staff/applications"));
            WebElement row = staff.find("tr[data-id='" + application.getId() + "']");
            assertThat(row.getText())
                    .contains("Grainothèque de la Croix-Rousse")
                    .contains("30 days left");
            assertSelfContained(staff, origin);
            row.findElement(By.cssSelector("a")).click();
            staff.waitFor(ExpectedConditions.urlToBe(origin + "/staff/applications/" + application.getId()));
            assertThat(staff.text("#no-flags")).isEqualTo("No flag.");
            assertSelfContained(staff, origin);

            staff.find("label[for='decision1']").click();
            type(staff, "#reason", "Une grainothèque de quartier : exactement ce pour quoi Essaim existe.");
            staff.find("#decide ~ form button[type=submit]").click();
            staff.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("done")));
            assertThat(staff.text("#state")).isEqualTo("Approved");
            assertThat(staff.text("#space")).contains(slug);
            assertSelfContained(staff, origin);
            staff.screenshot("application-approved-en");
        }

        assertThat(db.select(SPACE.STATE).from(SPACE).where(SPACE.SLUG.eq(slug)).fetchSingle(SPACE.STATE))
                .isIn(SpaceState.PENDING, SpaceState.PROVISIONING);
        assertThat(db.select(MAIL_OUTBOX.SUBJECT)
                        .from(MAIL_OUTBOX)
                        .where(MAIL_OUTBOX.RECIPIENT.eq(email))
                        .and(MAIL_OUTBOX.TEMPLATE.eq("application-approved"))
                        .fetchSingle(MAIL_OUTBOX.SUBJECT))
                .as("the applicant is told in the application's language, whatever the reviewer's")
                .isEqualTo("Votre candidature à Essaim est acceptée");

        try (Browser applicant = Browser.start(Locale.FRENCH)) {
            applicant.open(origin + "/apply/status/" + ApplicationFixtures.statusToken(db, email));
            assertThat(applicant.text("#state")).isEqualTo("Acceptée");
            assertThat(applicant.text("#reason")).contains("exactement ce pour quoi Essaim existe");
            assertThat(applicant.driver().findElements(By.cssSelector("form[action$='/withdraw']")))
                    .isEmpty();
        }
    }

    @Test
    void aTakenAddressRefusedByTheServerIsSaidOnceNotAgainByThePagesScript() {
        String origin = "http://localhost:" + port;
        desk.openCampaign(20);
        long other = desk.applicants().submit("deja", Locale.ENGLISH, f -> {});
        String takenSlug = db.select(APPLICATION.SLUG)
                .from(APPLICATION)
                .where(APPLICATION.ID.eq(other))
                .fetchSingle(APPLICATION.SLUG);
        try (Browser applicant = Browser.start(Locale.ENGLISH)) {
            applicant.open(origin + "/apply");
            type(applicant, "#organisationName", "Les Amis du Jardin");
            applicant.find("label[for='kind1']").click();
            type(applicant, "#officialIdentifier", "W691234567");
            type(applicant, "#purpose", "Jardiner ensemble, partager des graines et des outils entre voisins.");
            type(applicant, "#memberCount", "12");
            type(applicant, "#annualBudget", "300");
            type(applicant, "#whyNotPaid", "Aucun budget : des cotisations à prix libre.");
            type(applicant, "#contactName", "Louise Morel");
            type(applicant, "#contactEmail", ApplicationFixtures.uniqueEmail("deja"));
            type(applicant, "#slug", takenSlug);
            applicant.find("label[for='charterAccepted'] span").click();
            applicant.find(".application-form button[type=submit]").click();
            applicant.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("slug-error")));
            assertThat(applicant.text("#slug-error")).contains("already taken");
            // The script would have said it beside the field as well, once its check answered.
            boolean saidAgain;
            try {
                new WebDriverWait(applicant.driver(), Duration.ofSeconds(3))
                        .until(driver -> !driver.findElement(By.id("slug-status"))
                                .getText()
                                .isBlank());
                saidAgain = true;
            } catch (TimeoutException quiet) {
                saidAgain = false;
            }
            assertThat(saidAgain).as(applicant.text("#slug-status")).isFalse();
            type(applicant, "#slug", ApplicationFixtures.uniqueSlug("libre"));
            applicant.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("slug-status"), "is free"));
        }
    }

    private static void type(Browser browser, String selector, String text) {
        WebElement field = browser.find(selector);
        field.clear();
        field.sendKeys(text);
    }

    private static void assertSelfContained(Browser browser, String origin) {
        assertThat(browser.loadedResources())
                .as("resources of %s", browser.currentUri())
                .allSatisfy(url -> assertThat(origin(url)).as(url).isIn(origin, "data:"));
        assertThat(browser.browserErrors())
                .as("console errors on %s", browser.currentUri())
                .isEmpty();
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return "data".equals(uri.getScheme()) ? "data:" : uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
