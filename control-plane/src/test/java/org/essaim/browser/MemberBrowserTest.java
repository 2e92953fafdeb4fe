package org.essaim.browser;

import org.essaim.ldap.SpaceSubtrees;
import org.essaim.space.NewSpace;
import org.essaim.space.SpaceRegistry;
import org.essaim.testing.EssaimTest;
import org.essaim.testsupport.RequiresProgram;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.MAIL_OUTBOX;

/**
 * A referent in a real browser: opens the invitation from their email, creates their account with the password
 * policy in view, signs in from the space's own link (the space already filled in) and reaches the console's people.
 */
@EssaimTest
@RequiresProgram({"chromium", "chromedriver"})
class MemberBrowserTest {

    @Autowired
    SpaceRegistry registry;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    SpaceSubtrees spaceSubtrees;

    @Autowired
    DSLContext db;

    @LocalServerPort
    int port;

    @Test
    void theReferentAcceptsSignsInAndSeesTheirPeople() {
        String slug = "nav-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String email = "referent@" + slug + ".example.org";
        transaction.executeWithoutResult(status -> registry.register(
                new NewSpace(slug, "Jardins de " + slug, "en", "Sam Gardener", email, null, null), "admin"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!spaceSubtrees.hasSpace(slug) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        String body = db.select(MAIL_OUTBOX.BODY)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(email))
                .fetchOne(MAIL_OUTBOX.BODY);
        Matcher link =
                Pattern.compile("http://[^\\s]+/invitations/[A-Za-z0-9_-]{43}").matcher(body);
        assertThat(link.find()).isTrue();
        String origin = "http://localhost:" + port;

        try (Browser browser = Browser.start(Locale.ENGLISH)) {
            browser.open(origin + link.group().substring(link.group().indexOf("/invitations/")));
            assertThat(browser.text("main h1")).contains("Jardins de " + slug);
            assertThat(browser.text("#password-rules")).contains("from 12 to 256 characters");
            assertThat(browser.find("#displayName").getAttribute("value")).isEqualTo("Sam Gardener");
            browser.find("#password").sendKeys("a long and lovely password");
            browser.find("#confirmation").sendKeys("a long and lovely password");
            browser.find("main form button[type=submit]").click();
            browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("accepted")));
            assertThat(browser.text("#accepted")).contains("sam.gardener");

            browser.find("#accepted a").click();
            browser.waitFor(ExpectedConditions.urlContains("/login"));
            assertThat(browser.find("#space").getAttribute("value")).isEqualTo(slug);
            browser.find("#username").sendKeys("sam.gardener");
            browser.find("#password").sendKeys("a long and lovely password");
            browser.find("main form button[type=submit]").click();
            browser.waitFor(ExpectedConditions.urlToBe(origin + "/spaces/" + slug));
            assertThat(browser.text("main h1")).isEqualTo("Jardins de " + slug);
            assertThat(browser.text("#accounts")).contains("1 of 50 places used");

            browser.find("nav.space-nav a[href='/spaces/" + slug + "/members']").click();
            browser.waitFor(ExpectedConditions.urlToBe(origin + "/spaces/" + slug + "/members"));
            assertThat(browser.text("#people"))
                    .contains("sam.gardener")
                    .contains(email)
                    .contains("Admin");
            assertThat(browser.browserErrors()).isEmpty();
            assertThat(browser.loadedResources())
                    .allSatisfy(url -> assertThat(url.startsWith(origin + "/") || url.startsWith("data:"))
                            .as(url)
                            .isTrue());
        }
    }
}
