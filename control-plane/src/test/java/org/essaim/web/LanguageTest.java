package org.essaim.web;

import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@EssaimTest
class LanguageTest {

    @LocalServerPort
    int port;

    @Test
    void withoutAnyPreferenceThePagesAreInFrench() {
        HttpResponse<String> home = new WebClient(port).get("/");

        assertThat(home.body())
                .contains("<html lang=\"fr\"")
                .contains("Un nuage partagé gratuit pour votre association");
    }

    @Test
    void theBrowsersLanguageIsFollowedWhenSupported() {
        WebClient browser = new WebClient(port);

        assertThat(browser.get("/", "Accept-Language", "en-GB,en;q=0.9").body())
                .contains("<html lang=\"en\"")
                .contains("A free shared cloud for your association");
        assertThat(browser.get("/", "Accept-Language", "fr-CA").body()).contains("<html lang=\"fr\"");
        assertThat(browser.get("/", "Accept-Language", "de-DE,en;q=0.5").body()).contains("<html lang=\"en\"");
        assertThat(browser.get("/", "Accept-Language", "de-DE").body()).contains("<html lang=\"fr\"");
    }

    @Test
    void thePickerSwitchesTheLanguageAndRemembersIt() {
        WebClient browser = new WebClient(port);

        HttpResponse<String> switched = browser.get("/login?lang=en", "Accept-Language", "fr");
        assertThat(switched.body()).contains("<html lang=\"en\"").contains(">Sign in</h1>");
        assertThat(switched.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("ESSAIM_LANG=en"));

        assertThat(browser.get("/", "Accept-Language", "fr").body())
                .as("remembered over Accept-Language")
                .contains("<html lang=\"en\"");
    }

    @Test
    void anUnsupportedLanguageInThePickerIsIgnored() {
        WebClient browser = new WebClient(port);

        HttpResponse<String> page = browser.get("/?lang=xx-%3Cscript%3E");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"fr\"").doesNotContain("<script>");
    }

    @Test
    void thePickerNamesEachLanguageInItselfAndMarksTheCurrentOne() {
        String page = new WebClient(port).get("/login", "Accept-Language", "en").body();

        assertThat(page)
                .contains("lang=\"fr\" hreflang=\"fr\">Français</a>")
                .contains("hreflang=\"en\" aria-current=\"true\">English</a>")
                .contains("href=\"/login?lang=fr\"");
    }

    @Test
    void switchingLanguageKeepsWhatThePageWasShowing() {
        String page =
                new WebClient(port).get("/login?error=credentials&lang=en").body();

        assertThat(page)
                .contains("Wrong user name or password.")
                .contains("href=\"/login?error=credentials&amp;lang=fr\"");
    }

    @Test
    void pagesWorkWithoutJavaScriptAndLoadNothingFromAnotherHost() {
        String page = new WebClient(port).get("/login").body();

        assertThat(page).doesNotContain("<script").doesNotContain("https://").doesNotContain("src=\"//");
        assertThat(page).contains("<form action=\"/login\" method=\"post\"").contains("name=\"_csrf\"");
    }
}
