package org.essaim.member;

import org.essaim.campaign.Campaigns;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors that help: sign-in keeps what was typed and the space a page asked for, names this platform's domain and
 * focuses the first empty field; a dead personal link says what to do (still a 404); the application form's
 * summary names each field and links to it.
 */
@EssaimTest
class HelpfulErrorsTest extends SpaceTestSupport {

    @Autowired
    Campaigns campaigns;

    @Test
    void aFailedSignInKeepsTheSpaceAndTheUserNameAndFocusesThePassword() {
        String slug = fixtures.spaceWithAdmin("keep");
        WebClient person = new WebClient(port);
        HttpResponse<String> failed = person.submit(
                "/login",
                "/login",
                Map.of("space", slug, "username", "camille.referente", "password", "wrong password here"));
        assertThat(failed.statusCode()).isEqualTo(302);
        String location = failed.headers().firstValue("Location").orElseThrow();
        assertThat(location).doesNotContain("camille");
        String page = person.get(location.replaceFirst("^https?://[^/]+", ""), "Accept-Language", "en")
                .body();
        assertThat(input(page, "space")).contains("value=\"" + slug + "\"").doesNotContain("autofocus");
        assertThat(input(page, "username"))
                .contains("value=\"camille.referente\"")
                .doesNotContain("autofocus");
        assertThat(input(page, "password")).contains("autofocus").doesNotContain("value=\"wrong");
        assertThat(person.get("/login", "Accept-Language", "en").body())
                .as("kept once, not forever")
                .doesNotContain("value=\"camille.referente\"");
    }

    @Test
    void theSpaceFieldComesFirstAndTheHintNamesThisPlatformsDomain() {
        String page = new WebClient(port).get("/login", "Accept-Language", "en").body();
        assertThat(input(page, "space")).contains("autofocus");
        assertThat(input(page, "username")).doesNotContain("autofocus");
        assertThat(page.indexOf("id=\"space\"")).isLessThan(page.indexOf("id=\"username\""));
        assertThat(page).contains("jardins.essaim.local").doesNotContain("essaim.org");
        assertThat(new WebClient(port)
                        .get("/password/forgotten", "Accept-Language", "fr")
                        .body())
                .contains("mon-association.essaim.local")
                .doesNotContain("essaim.org");
    }

    @Test
    void aSpacePageOpenedSignedOutLeadsBackToItAfterSignInWithTheSpaceFilledIn() {
        String slug = fixtures.spaceWithAdmin("back");
        WebClient person = new WebClient(port);
        HttpResponse<String> asked = person.get("/spaces/" + slug + "/members");
        assertThat(asked.statusCode()).isEqualTo(302);
        String page = person.get("/login", "Accept-Language", "en").body();
        assertThat(input(page, "space")).contains("value=\"" + slug + "\"");
        assertThat(input(page, "username")).contains("autofocus");
        HttpResponse<String> signedIn = person.submit(
                "/login",
                "/login",
                Map.of("space", slug, "username", "camille.referente", "password", SpaceFixtures.PASSWORD));
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).contains("/spaces/" + slug + "/members"));
    }

    @Test
    void deadPersonalLinksSayWhatToDoAndStay404() {
        WebClient visitor = new WebClient(port);
        String token = "A".repeat(43);
        Map<String, String> expected = Map.of(
                "/invitations/" + token, "Ask an admin of your space to send you a new one",
                "/join/" + token, "Ask them for the current link",
                "/apply/confirm/" + token, "You can apply again",
                "/apply/status/" + token, "You can apply again");
        expected.forEach((path, help) -> {
            HttpResponse<String> page = visitor.get(path, "Accept-Language", "en", "Accept", "text/html");
            assertThat(page.statusCode()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).contains("id=\"link-help\"").contains(help);
        });
        assertThat(visitor.get("/join/" + token, "Accept-Language", "fr", "Accept", "text/html")
                        .body())
                .contains("Demandez-leur le lien actuel");
        assertThat(visitor.get("/no-such-page", "Accept-Language", "en", "Accept", "text/html")
                        .body())
                .doesNotContain("link-help");
        // The password link's own page says what to do (it is the password pages' to say).
        assertThat(visitor.get("/password/link/" + token).statusCode()).isEqualTo(404);
    }

    @Test
    void theApplicationFormsSummaryNamesEachFieldAndLinksToIt() {
        ApplicationFixtures.openFreshCampaign(campaigns, null);
        WebClient applicant = new WebClient(port);
        applicant.get("/apply?lang=en");
        Map<String, String> form = new HashMap<>(ApplicationFixtures.validForm(
                ApplicationFixtures.uniqueSlug("sum"), ApplicationFixtures.uniqueEmail("sum")));
        form.put("organisationName", "");
        form.put("contactEmail", "");
        form.put("annualBudget", "-200");
        String page = applicant.submit("/apply", "/apply", form).body();
        String summary = page.substring(
                page.indexOf("id=\"error-summary\""), page.indexOf("</div>", page.indexOf("id=\"error-summary\"")));
        assertThat(summary)
                .contains("href=\"#organisationName\"")
                .contains("Name of the organisation: This field is required.")
                .contains("href=\"#contactEmail\"")
                .contains("Your email address: This field is required.")
                .contains("href=\"#annualBudget\"")
                .contains("Enter 0 or more, without a minus sign")
                .doesNotContain("Enter a whole number, digits only.");
    }

    @Test
    void aTakenAddressIsSaidOnceUnderItsFieldAndOnceInTheSummary() {
        ApplicationFixtures.openFreshCampaign(campaigns, null);
        String slug = ApplicationFixtures.uniqueSlug("twice");
        new WebClient(port)
                .submit(
                        "/apply",
                        "/apply",
                        ApplicationFixtures.validForm(slug, ApplicationFixtures.uniqueEmail("twice1")));
        WebClient second = new WebClient(port);
        second.get("/apply?lang=en");
        String page = second.submit(
                        "/apply",
                        "/apply",
                        ApplicationFixtures.validForm(slug, ApplicationFixtures.uniqueEmail("twice2")))
                .body();
        String taken = "The address «" + slug + "» is already taken or requested";
        String summary = page.substring(page.indexOf("id=\"error-summary\""));
        summary = summary.substring(0, summary.indexOf("</div>"));
        assertThat(summary.split(Pattern.quote(taken), -1)).as("in the summary").hasSize(2);
        assertThat(page.split(Pattern.quote(taken), -1)).as(page).hasSize(3);
    }

    /** The {@code <input>} tag of the field named {@code name}. */
    private static String input(String page, String name) {
        Matcher tag = Pattern.compile("<input[^>]*\\bid=\"" + name + "\"[^>]*>", Pattern.DOTALL)
                .matcher(page);
        assertThat(tag.find()).as("an input " + name).isTrue();
        return tag.group();
    }
}
