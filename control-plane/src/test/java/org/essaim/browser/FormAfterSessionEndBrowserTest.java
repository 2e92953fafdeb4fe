package org.essaim.browser;

import org.essaim.campaign.CampaignSubscribers;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.ReviewDesk;
import org.essaim.testsupport.RequiresProgram;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.CAMPAIGN_SUBSCRIBER;

/**
 * A person opens a page, leaves it open, and clicks its button after their session ended (half an hour without a
 * request, or the browser dropped its cookies): the form's CSRF token no longer matches any session. The two
 * forms behind a secret emailed link (confirming an application's address, leaving the campaign notices) still do
 * what the button says, the link being the proof; any other form answers a page that says nothing was sent and how
 * to send it again, not a bare "you may not see this page".
 */
@EssaimTest
@RequiresProgram({"chromium", "chromedriver"})
class FormAfterSessionEndBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    CampaignSubscribers subscribers;

    @Autowired
    ReviewDesk desk;

    @Autowired
    DSLContext db;

    @Test
    void theButtonsOfEmailedLinksWorkAfterTheSessionEnded() {
        String origin = "http://localhost:" + port;
        // Opening a campaign tells the list and empties it: open first.
        desk.openCampaign();
        String subscriber = ApplicationFixtures.uniqueEmail("notices");
        subscribers.subscribe(subscriber, Locale.FRENCH);
        String unsubscribe = ApplicationFixtures.unsubscribeToken(db, subscriber);
        long application = desk.applicants().submit("confirme", Locale.FRENCH, form -> {});
        String contact = db.select(APPLICATION.CONTACT_EMAIL)
                .from(APPLICATION)
                .where(APPLICATION.ID.eq(application))
                .fetchSingle(APPLICATION.CONTACT_EMAIL);
        String confirm = ApplicationFixtures.confirmationToken(db, contact);

        try (Browser browser = Browser.start(Locale.FRENCH)) {
            browser.open(origin + "/campaigns/unsubscribe/" + unsubscribe);
            browser.driver().manage().deleteAllCookies();
            browser.find("main form button[type=submit]").click();
            browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#outcome, #error")));
            assertThat(browser.driver().findElements(By.id("error")))
                    .as("an error page")
                    .isEmpty();
            assertThat(browser.text("#outcome")).contains("Votre adresse est retirée");
            assertThat(db.fetchExists(CAMPAIGN_SUBSCRIBER, CAMPAIGN_SUBSCRIBER.EMAIL.eq(subscriber)))
                    .isFalse();

            browser.open(origin + "/apply/confirm/" + confirm);
            browser.driver().manage().deleteAllCookies();
            browser.find("main form button[type=submit]").click();
            browser.waitFor(ExpectedConditions.urlContains("/apply/status/"));
            assertThat(browser.currentUri().getQuery()).isEqualTo("confirmed");
            assertThat(db.select(APPLICATION.CONFIRMED_AT)
                            .from(APPLICATION)
                            .where(APPLICATION.ID.eq(application))
                            .fetchSingle(APPLICATION.CONFIRMED_AT))
                    .isNotNull();
        }
    }

    @Test
    void anyOtherFormSaysItWasNotSentAndLeadsBackToItsPage() {
        String origin = "http://localhost:" + port;
        for (Locale language : new Locale[] {Locale.FRENCH, Locale.ENGLISH}) {
            try (Browser browser = Browser.start(language)) {
                browser.open(origin + "/password/forgotten");
                browser.driver().manage().deleteAllCookies();
                browser.find("#email").sendKeys("robin@example.org");
                browser.find("main form button[type=submit]").click();
                browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("error")));
                assertThat(browser.find("#error").getAttribute("data-error-status"))
                        .isEqualTo("403");
                assertThat(browser.text("#form-expired"))
                        .isEqualTo(
                                language == Locale.FRENCH
                                        ? "Ce formulaire n’a pas été envoyé : la page est restée ouverte trop longtemps, ou votre "
                                                + "session a pris fin entre-temps. Rouvrez la page et envoyez-le de nouveau."
                                        : "This form was not sent: the page stayed open too long, or your session ended in the "
                                                + "meantime. Open the page again and send it again.");
                browser.find("#form-expired-again").click();
                browser.waitFor(ExpectedConditions.urlToBe(origin + "/password/forgotten"));
                assertThat(browser.driver().findElements(By.id("error"))).isEmpty();
            }
        }
    }
}
