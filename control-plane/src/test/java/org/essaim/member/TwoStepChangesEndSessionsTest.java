package org.essaim.member;

import org.essaim.security.Totp;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Turning two-step sign-in on or off, and an admin's reset, end the person's other sessions as a password change
 * does (Spring Session JDBC, found by the principal-name index): a session opened with the password alone, or with a
 * second step that no longer exists, does not go on.
 */
@EssaimTest
class TwoStepChangesEndSessionsTest extends SpaceTestSupport {

    private static final Pattern SECRET = Pattern.compile("id=\"secret\">([A-Z2-7 ]+)<");

    @Test
    void turningItOnOrOffEndsTheOtherSessionsAndKeepsThisOne() {
        String slug = fixtures.spaceWithAdmin("tso");
        WebClient here = fixtures.signedIn(slug, "camille.referente");
        WebClient elsewhere = fixtures.signedIn(slug, "camille.referente");
        assertThat(elsewhere.get("/spaces/" + slug).statusCode()).isEqualTo(200);

        byte[] secret =
                secret(here.submit("/two-step", "/two-step/setup", Map.of()).body());
        assertThat(here.submit("/two-step", "/two-step/confirm", Map.of("code", code(secret)))
                        .statusCode())
                .isEqualTo(200);
        assertEnded(elsewhere, slug);
        assertThat(here.get("/spaces/" + slug).statusCode())
                .as("the session that turned it on stays")
                .isEqualTo(200);

        clock.advance(Duration.ofSeconds(30));
        WebClient again = new WebClient(port);
        again.submit(
                "/login",
                "/login",
                Map.of("space", slug, "username", "camille.referente", "password", SpaceFixtures.PASSWORD));
        assertThat(again.submit("/login/two-step", "/login/two-step", Map.of("code", code(secret)))
                        .statusCode())
                .isEqualTo(302);
        assertThat(again.get("/spaces/" + slug).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(30));
        assertThat(here.submit("/two-step", "/two-step/off", Map.of("code", code(secret)))
                        .statusCode())
                .isEqualTo(302);
        assertEnded(again, slug);
        assertThat(here.get("/spaces/" + slug).statusCode())
                .as("the session that turned it off stays")
                .isEqualTo(200);
    }

    @Test
    void anAdminsResetEndsEverySessionOfThePerson() {
        String slug = fixtures.spaceWithAdmin("tsx");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        spaceMembers.create(slug, "dana", "Dana", "dana-" + slug + "@example.org");
        spaceMembers.setPassword(slug, "dana", SpaceFixtures.PASSWORD, slug);
        WebClient dana = fixtures.signedIn(slug, "dana");
        byte[] secret =
                secret(dana.submit("/two-step", "/two-step/setup", Map.of()).body());
        assertThat(dana.submit("/two-step", "/two-step/confirm", Map.of("code", code(secret)))
                        .statusCode())
                .isEqualTo(200);
        assertThat(dana.get("/profile").statusCode()).isEqualTo(200);

        HttpResponse<String> reset =
                admin.submit("/spaces/" + slug + "/two-step", "/spaces/" + slug + "/two-step/dana/reset", Map.of());
        assertThat(reset.statusCode()).isEqualTo(302);
        assertEnded(dana, slug);
        assertThat(admin.get("/spaces/" + slug).statusCode())
                .as("the admin's own session stays")
                .isEqualTo(200);
    }

    private static void assertEnded(WebClient client, String slug) {
        HttpResponse<String> next = client.get("/spaces/" + slug);
        assertThat(next.statusCode()).as("that session ended").isEqualTo(302);
        assertThat(next.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/login"));
    }

    private String code(byte[] secret) {
        return Totp.code(secret, Totp.step(clock.instant()));
    }

    private static byte[] secret(String page) {
        Matcher matcher = SECRET.matcher(page);
        assertThat(matcher.find()).as("the key is on the page").isTrue();
        return Totp.fromBase32(matcher.group(1).replace(" ", ""));
    }
}
