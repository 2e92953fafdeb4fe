package org.essaim.browser;

import org.essaim.ldap.StaffAccounts;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff dashboard's pictures stay readable on a 390 px phone: each chart keeps its words at 10 px or more
 * (drawn at 12 and 14 in a 640-wide picture, they would shrink to 7 if the picture were squeezed to the screen),
 * its figure scrolling sideways on its own, reachable by keyboard, while the page itself does not.
 */
@EssaimTest
@RequiresProgram({"chromium", "chromedriver"})
class DashboardOnAPhoneBrowserTest {

    private static final String PASSWORD = "Quokka-tamarind-lantern-42";

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts staffAccounts;

    @Test
    @SuppressWarnings("unchecked")
    void theChartsWordsStayReadableOnAPhone() {
        Staff.ensure(staffAccounts, "charts", "Dominique Zanzibar", PASSWORD);
        String origin = "http://localhost:" + port;
        try (Browser browser = Browser.start(Locale.FRENCH)) {
            browser.open(origin + "/login");
            browser.find("#username").sendKeys("charts");
            browser.find("#password").sendKeys(PASSWORD);
            browser.find("main form button[type=submit]").click();
            browser.waitFor(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
            browser.viewport(390, 844);
            browser.open(origin + "/staff/dashboard");
            Map<String, Object> read = (Map<String, Object>) browser.script("""
                    const charts = [...document.querySelectorAll('figure svg.chart, figure.storage-use svg')];
                    const small = [];
                    for (const svg of charts) {
                      const scale = svg.getScreenCTM().a;
                      for (const text of svg.querySelectorAll('text')) {
                        const size = parseFloat(text.getAttribute('font-size') || '16') * scale;
                        if (size < 10) small.push(svg.id + ': «' + text.textContent + '» at ' + size.toFixed(1) + ' px');
                      }
                    }
                    const unreachable = charts.map(svg => svg.closest('figure'))
                      .filter(f => f.scrollWidth > f.clientWidth && f.tabIndex < 0).map(f => f.querySelector("svg").id);
                    return {charts: charts.length, small: small.slice(0, 8), unreachable: unreachable,
                      pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth};
                    """);
            assertThat(((Number) read.get("charts")).intValue())
                    .as("the dashboard's charts")
                    .isGreaterThanOrEqualTo(6);
            assertThat((List<String>) read.get("small"))
                    .as("chart words smaller than 10 px")
                    .isEmpty();
            assertThat((List<String>) read.get("unreachable"))
                    .as("charts scrolling sideways out of the keyboard's reach")
                    .isEmpty();
            assertThat(read.get("pageScrolls")).as("the page scrolls sideways").isEqualTo(false);
        }
    }
}
