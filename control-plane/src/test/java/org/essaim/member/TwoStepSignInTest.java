package org.essaim.member;

import org.essaim.security.Totp;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.TWO_STEP_SECRET;

/**
 * Two-step sign-in as a space's people use it: set up from the profile, asked right after the password, codes used
 * once, recovery codes, wrong codes throttled like wrong passwords, a space's rule forcing enrolment before anything
 * else, and an admin's reset.
 */
@EssaimTest
class TwoStepSignInTest extends SpaceTestSupport {

    private static final Pattern SECRET = Pattern.compile("id=\"secret\">([A-Z2-7 ]+)<");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([a-z2-9-]{19})</code></li>");

    @Test
    void setUpFromTheProfileThenAskedAfterThePasswordWithEachCodeUsedOnce() {
        String slug = fixtures.spaceWithAdmin("tsa");
        WebClient camille = fixtures.signedIn(slug, "camille.referente");
        assertThat(camille.get("/profile").body()).contains("href=\"/two-step\"");
        assertThat(camille.get("/two-step", "Accept-Language", "fr").body())
                .contains("La connexion en deux étapes est désactivée");

        HttpResponse<String> setUp = camille.submit("/two-step", "/two-step/setup", Map.of());
        assertThat(setUp.statusCode()).isEqualTo(200);
        assertThat(setUp.body())
                .contains("src=\"data:image/svg+xml;base64,")
                .contains("otpauth://totp/Essaim")
                .contains("alt=\"Code QR contenant votre clé de connexion en deux étapes\"")
                .doesNotContain("<script src=\"http");
        byte[] secret = secret(setUp.body());
        String sealed = new String(
                db.fetchValue(TWO_STEP_SECRET.SEALED_SECRET, TWO_STEP_SECRET.ACCOUNT.eq("camille.referente@" + slug)),
                StandardCharsets.ISO_8859_1);
        assertThat(sealed)
                .as("the secret is sealed in the database")
                .doesNotContain(new String(secret, StandardCharsets.ISO_8859_1))
                .doesNotContain(Totp.base32(secret));

        HttpResponse<String> wrong =
                camille.submit("/two-step", "/two-step/confirm", Map.of("code", wrongCode(secret)));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(new WebClient(port)
                        .submit(
                                "/login",
                                "/login",
                                Map.of(
                                        "space",
                                        slug,
                                        "username",
                                        "camille.referente",
                                        "password",
                                        SpaceFixtures.PASSWORD))
                        .headers()
                        .firstValue("Location"))
                .as("not on until the first code confirms it")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));
        HttpResponse<String> confirmed = camille.submit("/two-step", "/two-step/confirm", Map.of("code", code(secret)));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        List<String> recovery = recoveryCodes(confirmed.body());
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
        assertThat(camille.get("/two-step").body()).contains("Codes de secours restants : 10");

        clock.advance(Duration.ofSeconds(30)); // the confirming code is spent
        WebClient again = new WebClient(port);
        HttpResponse<String> password = passwordStep(again, slug, "camille.referente");
        assertThat(password.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login/two-step"));
        for (String path : List.of("/spaces/" + slug, "/profile", "/spaces/" + slug + "/members", "/two-step")) {
            HttpResponse<String> held = again.get(path);
            assertThat(held.statusCode()).as(path).isEqualTo(302);
            assertThat(held.headers().firstValue("Location"))
                    .as(path)
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login/two-step"));
        }
        assertThat(again.get("/login/two-step", "Accept-Language", "fr").body())
                .contains("Deuxième étape")
                .contains("autocomplete=\"one-time-code\"")
                .contains("<label for=\"code\"");
        assertThat(again.submit("/login/two-step", "/login/two-step", Map.of("code", wrongCode(secret)))
                        .statusCode())
                .isEqualTo(400);
        String code = code(secret);
        HttpResponse<String> second = again.submit("/login/two-step", "/login/two-step", Map.of("code", code));
        assertThat(second.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));
        assertThat(again.get("/spaces/" + slug).statusCode()).isEqualTo(200);

        WebClient replay = new WebClient(port);
        passwordStep(replay, slug, "camille.referente");
        assertThat(replay.submit("/login/two-step", "/login/two-step", Map.of("code", code))
                        .statusCode())
                .as("the same code again in its step")
                .isEqualTo(400);
        assertThat(replay.get("/spaces/" + slug).statusCode()).isEqualTo(302);
        clock.advance(Duration.ofSeconds(30));
        assertThat(replay.submit("/login/two-step", "/login/two-step", Map.of("code", code(secret)))
                        .statusCode())
                .as("the next step's code")
                .isEqualTo(302);

        WebClient lostPhone = new WebClient(port);
        passwordStep(lostPhone, slug, "camille.referente");
        assertThat(lostPhone
                        .submit(
                                "/login/two-step",
                                "/login/two-step",
                                Map.of("code", recovery.get(3).toUpperCase()))
                        .statusCode())
                .as("a recovery code instead")
                .isEqualTo(302);
        assertThat(lostPhone.get("/two-step").body()).contains("Codes de secours restants : 9");
        WebClient reused = new WebClient(port);
        passwordStep(reused, slug, "camille.referente");
        assertThat(reused.submit("/login/two-step", "/login/two-step", Map.of("code", recovery.get(3)))
                        .statusCode())
                .as("a recovery code works once")
                .isEqualTo(400);

        assertThat(new WebClient(port)
                        .get(
                                "/api/v1/spaces/" + slug + "/members",
                                WebClient.basic("camille.referente@" + slug, SpaceFixtures.PASSWORD))
                        .statusCode())
                .as("the API's password alone does not skip the second step")
                .isEqualTo(401);

        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> off = lostPhone.submit("/two-step", "/two-step/off", Map.of("code", code(secret)));
        assertThat(off.statusCode()).isEqualTo(302);
        assertThat(passwordStep(new WebClient(port), slug, "camille.referente")
                        .headers()
                        .firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));
    }

    @Test
    void wrongCodesCountLikeWrongPasswordsForTheAccount() {
        String slug = fixtures.spaceWithAdmin("tsw");
        byte[] secret = enrol(fixtures.signedIn(slug, "camille.referente"));
        clock.advance(Duration.ofSeconds(30));
        WebClient attacker = new WebClient(port);
        passwordStep(attacker, slug, "camille.referente");
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(attacker.submit("/login/two-step", "/login/two-step", Map.of("code", wrongCode(secret)))
                            .statusCode())
                    .as("attempt " + attempt)
                    .isEqualTo(400);
        }
        HttpResponse<String> throttled =
                attacker.submit("/login/two-step", "/login/two-step", Map.of("code", code(secret)));
        assertThat(throttled.statusCode())
                .as("even the right code, once throttled")
                .isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(throttled.body()).contains("Trop de codes erronés");
        assertThat(passwordStep(new WebClient(port), slug, "camille.referente")
                        .headers()
                        .firstValue("Location"))
                .as("and the password step, which counts on the same account")
                .hasValueSatisfying(l -> assertThat(l).contains("error=throttled"));
    }

    @Test
    void aSpaceRuleTakesItsAdminsToEnrolmentRightAfterThePasswordAndAnAdminResetsIt() {
        String slug = fixtures.spaceWithAdmin("tsr");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        spaceMembers.create(slug, "dana", "Dana", "dana-" + slug + "@example.org");
        spaceMembers.setPassword(slug, "dana", SpaceFixtures.PASSWORD, slug);

        assertThat(admin.get("/spaces/" + slug + "/two-step", "Accept-Language", "fr")
                        .body())
                .contains("Les admins de l’espace")
                .contains("Tout le monde dans l’espace");
        assertThat(admin.submit(
                                "/spaces/" + slug + "/two-step",
                                "/spaces/" + slug + "/two-step",
                                Map.of("requiredFor", "ADMINS"))
                        .statusCode())
                .isEqualTo(302);
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT.ACTION.eq("space.two-step-rule-changed"),
                        AUDIT_EVENT.ACTOR.eq("camille.referente@" + slug)))
                .isEqualTo(1);
        WebClient dana = new WebClient(port);
        assertThat(passwordStep(dana, slug, "dana").headers().firstValue("Location"))
                .as("a member is not concerned")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));

        WebClient next = new WebClient(port);
        assertThat(passwordStep(next, slug, "camille.referente").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login/two-step"));
        HttpResponse<String> enrolment = next.get("/login/two-step");
        assertThat(enrolment.body()).contains("id=\"required\"").contains("id=\"qr-code\"");
        assertThat(next.get("/spaces/" + slug + "/members").headers().firstValue("Location"))
                .as("nothing else until enrolled")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login/two-step"));
        byte[] secret = secret(next.get("/login/two-step").body());
        HttpResponse<String> codes =
                next.submit("/login/two-step", "/login/two-step/confirm", Map.of("code", code(secret)));
        assertThat(recoveryCodes(codes.body())).hasSize(10);
        assertThat(next.get("/login/two-step/continue").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));
        assertThat(next.get("/spaces/" + slug + "/members").statusCode()).isEqualTo(200);
        assertThat(next.get("/two-step").body()).doesNotContain("/two-step/off");
        assertThat(next.submit("/two-step", "/two-step/off", Map.of("code", code(secret)))
                        .statusCode())
                .as("required: it cannot be turned off")
                .isEqualTo(409);

        // Enrolling ended Camille's other session, opened with the password alone: she goes on in this one.
        assertThat(admin.get("/spaces/" + slug).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/login"));
        assertThat(next.submit(
                                "/spaces/" + slug + "/two-step",
                                "/spaces/" + slug + "/two-step",
                                Map.of("requiredFor", "EVERYONE"))
                        .statusCode())
                .isEqualTo(302);
        WebClient danaNext = new WebClient(port);
        assertThat(passwordStep(danaNext, slug, "dana").headers().firstValue("Location"))
                .as("everyone: members too")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login/two-step"));
        byte[] danaSecret = secret(danaNext.get("/login/two-step").body());
        danaNext.submit("/login/two-step", "/login/two-step/confirm", Map.of("code", code(danaSecret)));
        assertThat(danaNext.get("/spaces/" + slug).statusCode()).isEqualTo(200);

        // Dana lost her phone and her codes: an admin resets her second step, and she enrols again.
        HttpResponse<String> reset =
                next.submit("/spaces/" + slug + "/two-step", "/spaces/" + slug + "/two-step/dana/reset", Map.of());
        assertThat(reset.statusCode()).isEqualTo(302);
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT.ACTION.eq("member.two-step-reset"),
                        AUDIT_EVENT.TARGET.eq("member:dana@" + slug)))
                .isEqualTo(1);
        WebClient danaAgain = new WebClient(port);
        passwordStep(danaAgain, slug, "dana");
        assertThat(danaAgain.get("/login/two-step").body()).as("enrols afresh").contains("id=\"qr-code\"");
        assertThat(secret(danaAgain.get("/login/two-step").body())).isNotEqualTo(danaSecret);

        WebClient member = new WebClient(port);
        passwordStep(member, slug, "dana");
        assertThat(member.submit("/login/two-step", "/login/two-step", Map.of()).statusCode())
                .as("an enrolment page posts nowhere else")
                .isEqualTo(302);
        assertThat(new WebClient(port).get("/spaces/" + slug + "/two-step").statusCode())
                .isEqualTo(302);
    }

    // ----------------------------------------------------------------------------------------------------------

    private byte[] enrol(WebClient client) {
        byte[] secret =
                secret(client.submit("/two-step", "/two-step/setup", Map.of()).body());
        assertThat(client.submit("/two-step", "/two-step/confirm", Map.of("code", code(secret)))
                        .statusCode())
                .isEqualTo(200);
        return secret;
    }

    private HttpResponse<String> passwordStep(WebClient client, String slug, String login) {
        return client.submit(
                "/login", "/login", Map.of("space", slug, "username", login, "password", SpaceFixtures.PASSWORD));
    }

    private String code(byte[] secret) {
        return Totp.code(secret, Totp.step(clock.instant()));
    }

    /** A code of no step near now. */
    private String wrongCode(byte[] secret) {
        long now = Totp.step(clock.instant());
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            boolean near = false;
            for (long step = now - 1; step <= now + 1; step++) {
                near |= Totp.code(secret, step).equals(code);
            }
            if (!near) {
                return code;
            }
        }
    }

    private static byte[] secret(String page) {
        Matcher matcher = SECRET.matcher(page);
        assertThat(matcher.find()).as("the key is on the page").isTrue();
        return Totp.fromBase32(matcher.group(1).replace(" ", ""));
    }

    private static List<String> recoveryCodes(String page) {
        List<String> codes = new ArrayList<>();
        Matcher matcher = RECOVERY.matcher(page);
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
        return codes;
    }
}
