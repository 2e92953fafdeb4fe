package org.essaim.member;

import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.SPACE;

/**
 * Space accounts sign in through the same provider as staff, so the same failed-sign-in limit protects them: ten
 * failures for one account from one address, and the next attempt is refused on pages and on the API alike, even
 * with the right password; other accounts of the space are unaffected.
 */
@EssaimTest
class SpaceSignInTest extends SpaceTestSupport {

    @Test
    void repeatedFailuresForASpaceAccountAreThrottledOnPagesAndApi() {
        String slug = fixtures.spaceWithAdmin("thr");
        fixtures.signedIn(slug, "camille.referente"); // the account works before the attack
        String victim = "camille.referente";
        WebClient attacker = new WebClient(port);

        for (int attempt = 1; attempt <= 10; attempt++) {
            HttpResponse<String> failed = attacker.submit("/login", "/login",
                    Map.of("space", slug, "username", victim, "password", "guess-" + attempt));
            assertThat(failed.headers().firstValue("Location")).as("attempt " + attempt)
                    .hasValueSatisfying(l -> assertThat(l).contains("error=credentials"));
        }

        HttpResponse<String> throttled = attacker.submit("/login", "/login",
                Map.of("space", slug, "username", victim, "password", SpaceFixtures.PASSWORD));
        assertThat(throttled.headers().firstValue("Location")).as("even the right password, once throttled")
                .hasValueSatisfying(l -> assertThat(l).contains("error=throttled"));
        HttpResponse<String> api = attacker.get("/api/v1/spaces/" + slug + "/members",
                WebClient.basic(victim + "@" + slug, SpaceFixtures.PASSWORD));
        assertThat(api.statusCode()).isEqualTo(429);

        String other = "throttle-other-" + slug + "@example.org";
        directory.members().create(slug, "dana", "Dana", other);
        directory.members().setPassword(slug, "dana", SpaceFixtures.PASSWORD,
                db.fetchValue(SPACE.DISPLAY_NAME, SPACE.SLUG.eq(slug)));
        assertThat(new WebClient(port).submit("/login", "/login",
                Map.of("space", slug, "username", "dana", "password", SpaceFixtures.PASSWORD)).headers()
                .firstValue("Location")).as("another account of the space is unaffected")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));
    }
}
