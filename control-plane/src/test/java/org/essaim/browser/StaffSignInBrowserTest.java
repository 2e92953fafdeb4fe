package org.essaim.browser;

import org.essaim.testing.EssaimTest;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member of staff signs in with a real browser, in French and in English: home page, sign-in link, a wrong
 * password, the right one, the staff home, the language picker, sign-out. Every page is in the browser's
 * language, loads nothing from another host and logs no error in the console.
 */
@EssaimTest
@TestPropertySource(properties = "essaim.bootstrap.staff-password=" + StaffSignInBrowserTest.PASSWORD)
@RequiresProgram({"chromium", "chromedriver"})
class StaffSignInBrowserTest {

    static final String PASSWORD = "Browser-test-7kQ2wz";

    enum Language {
        FRENCH(Locale.FRENCH, "Français", "Console de l’équipe", "Bienvenue, admin."),
        ENGLISH(Locale.ENGLISH, "English", "Staff console", "Welcome, admin.");

        final Locale locale;
        final String endonym;
        final String staffHeading;
        final String welcome;

        Language(Locale locale, String endonym, String staffHeading, String welcome) {
            this.locale = locale;
            this.endonym = endonym;
            this.staffHeading = staffHeading;
            this.welcome = welcome;
        }

        String code() {
            return locale.getLanguage();
        }

        Language other() {
            return this == FRENCH ? ENGLISH : FRENCH;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MessageSource messages;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Language.class)
    void staffSignsInSwitchesLanguageAndSignsOut(Language language) throws Exception {
        String origin = "http://localhost:" + port;
        Language other = language.other();
        try (Browser browser = Browser.start(language.locale)) {
            // A fresh browser: no cookie, so the page follows the browser's Accept-Language.
            browser.open(origin + "/");
            assertThat(browser.htmlLang()).isEqualTo(language.code());
            assertThat(browser.text("main h1")).isEqualTo(message("home.heading", language));
            assertPageIsSelfContained(browser, origin);

            WebElement signInLink = browser.find("header nav a[href='/login']");
            assertThat(signInLink.getText()).isEqualTo(message("layout.signIn", language));
            signInLink.click();
            browser.waitFor(ExpectedConditions.urlToBe(origin + "/login"));
            assertThat(browser.htmlLang()).isEqualTo(language.code());
            assertThat(browser.text("main h1")).isEqualTo(message("signIn.heading", language));
            assertPageIsSelfContained(browser, origin);

            // A wrong password: back on the sign-in page, told so in the browser's language.
            signIn(browser, "admin", "not-" + PASSWORD);
            browser.waitFor(ExpectedConditions.urlContains("error="));
            assertThat(browser.currentUri().getPath()).isEqualTo("/login");
            assertThat(browser.text("main [role=alert]")).isEqualTo(message("signIn.error.credentials", language));
            assertThat(browser.htmlLang()).isEqualTo(language.code());
            assertThat(browser.driver().findElements(By.id("welcome"))).isEmpty();

            // The right one: the staff home.
            signIn(browser, "admin", PASSWORD);
            browser.waitFor(ExpectedConditions.urlToBe(origin + "/staff"));
            assertThat(browser.htmlLang()).isEqualTo(language.code());
            assertThat(browser.driver().getTitle()).isEqualTo(message("staff.home.title", language));
            assertThat(browser.text("main h1")).isEqualTo(language.staffHeading);
            assertThat(browser.text("#welcome")).isEqualTo(language.welcome);
            assertPageIsSelfContained(browser, origin);
            Path screenshot = browser.screenshot("staff-home-" + language.code());
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);

            // The picker, written in endonyms, marks the current language and switches to the other.
            assertThat(browser.find("nav.language-picker a[hreflang='" + language.code() + "']")
                            .getAttribute("aria-current"))
                    .isEqualTo("true");
            WebElement switchLink = browser.find("nav.language-picker a[hreflang='" + other.code() + "']");
            assertThat(switchLink.getText()).isEqualTo(other.endonym);
            assertThat(switchLink.getAttribute("aria-current")).isNull();
            switchLink.click();
            browser.waitFor(ExpectedConditions.textToBe(By.cssSelector("main h1"), other.staffHeading));
            assertThat(browser.currentUri().getPath()).isEqualTo("/staff");
            assertThat(browser.htmlLang()).isEqualTo(other.code());
            assertThat(browser.text("#welcome")).isEqualTo(other.welcome);
            assertThat(browser.find("nav.language-picker a[hreflang='" + other.code() + "']")
                            .getAttribute("aria-current"))
                    .isEqualTo("true");
            assertPageIsSelfContained(browser, origin);

            // Sign-out, a POST form in the header: back home, told so in the chosen language (the cookie
            // remembers it), and the staff console asks for sign-in again.
            WebElement signOut = browser.find("header form[action='/logout'] button[type=submit]");
            assertThat(signOut.getText()).isEqualTo(message("layout.signOut", other));
            signOut.click();
            browser.waitFor(ExpectedConditions.urlToBe(origin + "/?signedOut"));
            assertThat(browser.htmlLang()).isEqualTo(other.code());
            assertThat(browser.text("main [role=status]")).isEqualTo(message("home.signedOut", other));
            assertThat(browser.driver().findElements(By.cssSelector("header form[action='/logout']")))
                    .isEmpty();
            assertPageIsSelfContained(browser, origin);

            browser.open(origin + "/staff");
            browser.waitFor(ExpectedConditions.urlToBe(origin + "/login"));
            assertThat(browser.text("main h1")).isEqualTo(message("signIn.heading", other));
        }
    }

    private static void signIn(Browser browser, String username, String password) {
        WebElement user = browser.find("#username");
        user.clear();
        user.sendKeys(username);
        WebElement secret = browser.find("#password");
        secret.clear();
        secret.sendKeys(password);
        browser.find("main form button[type=submit]").click();
    }

    /** Nothing fetched from, or referred to on, another host; no CSP violation or failed load in the console. */
    private static void assertPageIsSelfContained(Browser browser, String origin) {
        var resources = browser.loadedResources();
        assertThat(resources)
                .as("resources of %s", browser.currentUri())
                .isNotEmpty()
                .allSatisfy(url -> assertThat(origin(url)).as(url).isIn(origin, "data:"));
        assertThat(browser.browserErrors())
                .as("console errors on %s", browser.currentUri())
                .isEmpty();
    }

    /** {@code http://host:port} of a URL; {@code data:} for inline data, which comes from no host. */
    private static String origin(String url) {
        URI uri = URI.create(url);
        return "data".equals(uri.getScheme()) ? "data:" : uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private String message(String key, Language language) {
        return messages.getMessage(key, null, language.locale);
    }
}
