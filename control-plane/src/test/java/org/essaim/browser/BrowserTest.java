package org.essaim.browser;

import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness itself, without the application: the language it asks for, the checks that a page loads nothing
 * from elsewhere (they must see a foreign stylesheet, or they would prove nothing), screenshots, clean-up.
 */
@RequiresProgram({"chromium", "chromedriver"})
class BrowserTest {

    @Test
    void asksForItsLanguageSeesForeignResourcesAndLeavesNothingBehind() throws Exception {
        // Port 9 on the loopback refuses at once: a foreign stylesheet that fails without any network.
        String foreign = "http://127.0.0.1:9/theme.css";
        String page = "<!DOCTYPE html><html lang=fr><head><title>t</title><link rel=stylesheet href=\"" + foreign
                + "\"></head><body><h1>Bonjour</h1></body></html>";
        Path profile;
        try (Browser browser = Browser.start(Locale.FRENCH)) {
            profile = browser.userDataDir();
            assertThat(profile).isDirectory();

            browser.open("data:text/html;charset=utf-8,"
                    + URLEncoder.encode(page, StandardCharsets.UTF_8).replace("+", "%20"));
            assertThat(browser.script("return navigator.language")).isEqualTo("fr");
            assertThat(browser.htmlLang()).isEqualTo("fr");
            assertThat(browser.text("h1")).isEqualTo("Bonjour");
            assertThat(browser.loadedResources()).contains(foreign);
            assertThat(browser.browserErrors())
                    .anySatisfy(error -> assertThat(error).contains("theme.css"));

            Path screenshot = browser.screenshot("browser-harness");
            assertThat(Files.size(screenshot)).isPositive();
            assertThat(screenshot).hasParent(Browser.SCREENSHOTS.toAbsolutePath());
        }
        assertThat(profile).doesNotExist();
    }
}
