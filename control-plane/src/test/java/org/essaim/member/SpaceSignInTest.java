package org.essaim.member;

import org.essaim.db.Tables;
import org.essaim.member.password.EmailedPasswordLinks;
import org.essaim.security.SecretToken;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

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
            HttpResponse<String> failed = attacker.submit(
                    "/login", "/login", Map.of("space", slug, "username", victim, "password", "guess-" + attempt));
            assertThat(failed.headers().firstValue("Location"))
                    .as("attempt " + attempt)
                    .hasValueSatisfying(l -> assertThat(l).contains("error=credentials"));
        }

        HttpResponse<String> throttled = attacker.submit(
                "/login", "/login", Map.of("space", slug, "username", victim, "password", SpaceFixtures.PASSWORD));
        assertThat(throttled.headers().firstValue("Location"))
                .as("even the right password, once throttled")
                .hasValueSatisfying(l -> assertThat(l).contains("error=throttled"));
        HttpResponse<String> api = attacker.get(
                "/api/v1/spaces/" + slug + "/members", WebClient.basic(victim + "@" + slug, SpaceFixtures.PASSWORD));
        assertThat(api.statusCode()).isEqualTo(429);

        String other = "throttle-other-" + slug + "@example.org";
        spaceMembers.create(slug, "dana", "Dana", other);
        spaceMembers.setPassword(
                slug, "dana", SpaceFixtures.PASSWORD, db.fetchValue(SPACE.DISPLAY_NAME, SPACE.SLUG.eq(slug)));
        assertThat(new WebClient(port)
                        .submit(
                                "/login",
                                "/login",
                                Map.of("space", slug, "username", "dana", "password", SpaceFixtures.PASSWORD))
                        .headers()
                        .firstValue("Location"))
                .as("another account of the space is unaffected")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));
    }

    @Test
    void theAccountLimitCountsOnTheAccountHoweverItsSpaceIsTyped() {
        String slug = fixtures.spaceWithAdmin("thv");
        String victim = "camille.referente";
        String email = spaceMembers.find(slug, victim).orElseThrow().email();
        WebClient attacker = new WebClient(port);
        List<String[]> variants = List.of(
                new String[] {slug, victim},
                new String[] {slug + ".essaim.local", victim},
                new String[] {"http://" + slug + "/", victim},
                new String[] {slug + "/a", victim},
                new String[] {slug + "/b", victim},
                new String[] {slug.toUpperCase(Locale.ROOT), victim},
                new String[] {"https://" + slug + ".essaim.local/x", victim},
                new String[] {slug, email},
                new String[] {slug + "/c", email.toUpperCase(Locale.ROOT)},
                new String[] {" " + slug + " ", victim});
        for (String[] variant : variants) {
            HttpResponse<String> failed = attacker.submit(
                    "/login", "/login", Map.of("space", variant[0], "username", variant[1], "password", "wrong-guess"));
            assertThat(failed.headers().firstValue("Location"))
                    .as(String.join(" ", variant))
                    .hasValueSatisfying(l -> assertThat(l).contains("error=credentials"));
        }

        HttpResponse<String> throttled = attacker.submit(
                "/login",
                "/login",
                Map.of("space", slug + "/d", "username", victim, "password", SpaceFixtures.PASSWORD));
        assertThat(throttled.headers().firstValue("Location"))
                .as("ten failures over ten spellings are one account's")
                .hasValueSatisfying(
                        l -> assertThat(l).contains("error=throttled").contains("who=account"));
        HttpResponse<String> api = attacker.get(
                "/api/v1/spaces/" + slug + "/members",
                WebClient.basic(victim + "@" + slug + ".essaim.local", SpaceFixtures.PASSWORD));
        assertThat(api.statusCode()).isEqualTo(429);
        assertThat(api.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 3600L));
    }

    @Test
    void pastTheAddressLimitTheRightPasswordStillSignsInAndAWrongOneIsToldWhoIsLimited() {
        String slug = fixtures.spaceWithAdmin("tha");
        // As if this address (every test's) had failed a million times this hour: everyone behind one NAT.
        OffsetDateTime window =
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        List<String> buckets = Stream.of("127.0.0.1", "0:0:0:0:0:0:0:1")
                .map(a -> "sign-in-failure:" + SecretToken.hash(a).substring(0, 40))
                .toList();
        try {
            for (String bucket : buckets) {
                db.insertInto(Tables.RATE_LIMIT_WINDOW)
                        .set(Tables.RATE_LIMIT_WINDOW.BUCKET, bucket)
                        .set(Tables.RATE_LIMIT_WINDOW.WINDOW_START, window)
                        .set(Tables.RATE_LIMIT_WINDOW.HITS, 1_000_000)
                        .onConflict(Tables.RATE_LIMIT_WINDOW.BUCKET, Tables.RATE_LIMIT_WINDOW.WINDOW_START)
                        .doUpdate()
                        .set(Tables.RATE_LIMIT_WINDOW.HITS, 1_000_000)
                        .execute();
            }
            WebClient person = new WebClient(port);
            HttpResponse<String> wrong = person.submit(
                    "/login", "/login", Map.of("space", slug, "username", "camille.referente", "password", "mistyped"));
            assertThat(wrong.headers().firstValue("Location"))
                    .as("a wrong password from the address")
                    .hasValueSatisfying(l -> assertThat(l)
                            .contains("error=throttled")
                            .contains("who=address")
                            .contains("minutes="));
            String location = wrong.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> page =
                    person.get(location.substring(location.indexOf("/login")), "Accept-Language", "en");
            assertThat(page.statusCode()).isEqualTo(429);
            assertThat(page.headers().firstValue("Retry-After")).isPresent();
            assertThat(page.body())
                    .contains("Too many failed sign-ins from your address")
                    .contains("the right password still signs you in");
            assertThat(person.get(location.substring(location.indexOf("/login")), "Accept-Language", "fr")
                            .body())
                    .contains("le bon mot de passe vous connecte toujours");

            HttpResponse<String> right = new WebClient(port)
                    .submit(
                            "/login",
                            "/login",
                            Map.of("space", slug, "username", "camille.referente", "password", SpaceFixtures.PASSWORD));
            assertThat(right.headers().firstValue("Location"))
                    .as("the right password is never refused by the address limit")
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));
            HttpResponse<String> api = new WebClient(port)
                    .get(
                            "/api/v1/spaces/" + slug + "/members",
                            WebClient.basic("camille.referente@" + slug, SpaceFixtures.PASSWORD));
            assertThat(api.statusCode()).isEqualTo(200);
            HttpResponse<String> apiWrong = new WebClient(port)
                    .get(
                            "/api/v1/spaces/" + slug + "/members",
                            WebClient.basic("camille.referente@" + slug, "mistyped"));
            assertThat(apiWrong.statusCode()).isEqualTo(429);
            assertThat(apiWrong.headers().firstValue("Retry-After")).isPresent();
            assertThat(apiWrong.body()).contains("from your address");
        } finally {
            db.deleteFrom(Tables.RATE_LIMIT_WINDOW)
                    .where(Tables.RATE_LIMIT_WINDOW.BUCKET.in(buckets))
                    .execute();
        }
    }

    @Test
    void changingThePasswordEndsTheOtherSessionsAndEarlierResetLinks() {
        String slug = fixtures.spaceWithAdmin("thp");
        String uid = "camille.referente";
        String email = spaceMembers.find(slug, uid).orElseThrow().email();
        WebClient elsewhere = fixtures.signedIn(slug, uid);
        WebClient here = fixtures.signedIn(slug, uid);
        assertThat(elsewhere.get("/profile").statusCode()).isEqualTo(200);
        new WebClient(port).submit("/password/forgotten", "/password/forgotten", Map.of("space", slug, "email", email));
        String earlierLink = fixtures.passwordToken(email);
        var links = context.getBean(EmailedPasswordLinks.class);
        assertThat(links.open(earlierLink).orElseThrow().state()).isEqualTo(EmailedPasswordLinks.LinkState.VALID);

        here.submit(
                "/profile",
                "/profile/password",
                Map.of(
                        "currentPassword",
                        SpaceFixtures.PASSWORD,
                        "password",
                        "a brand new long secret",
                        "confirmation",
                        "a brand new long secret"));
        assertThat(spaceMembers.signIn(slug, uid, "a brand new long secret")).isTrue();

        assertThat(here.get("/profile").statusCode())
                .as("the session that changed it stays")
                .isEqualTo(200);
        HttpResponse<String> ended = elsewhere.get("/profile");
        assertThat(ended.statusCode()).as("the other session is ended").isEqualTo(302);
        assertThat(ended.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/login"));
        assertThat(links.open(earlierLink).orElseThrow().state())
                .as("a reset link issued before the change")
                .isNotEqualTo(EmailedPasswordLinks.LinkState.VALID);
    }

    @Test
    void disablingAPersonEndsTheirSessions() {
        String slug = fixtures.spaceWithAdmin("thd");
        spaceMembers.create(slug, "dana", "Dana", "dana-" + slug + "@example.org");
        spaceMembers.setPassword(
                slug, "dana", SpaceFixtures.PASSWORD, db.fetchValue(SPACE.DISPLAY_NAME, SPACE.SLUG.eq(slug)));
        WebClient dana = fixtures.signedIn(slug, "dana");
        assertThat(dana.get("/profile").statusCode()).isEqualTo(200);

        context.getBean(Members.class).apply(slug, "dana", Members.Action.DISABLE, "camille.referente@" + slug);

        assertThat(dana.get("/profile").statusCode())
                .as("a disabled person's session is ended")
                .isEqualTo(302);
    }
}
