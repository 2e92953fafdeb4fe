package org.essaim.member;

import org.essaim.EssaimApplication;
import org.essaim.ldap.testing.SlapdExtension;
import org.essaim.security.Totp;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.EssaimTestInitializer;
import org.essaim.testing.ExternalSlapd;
import org.essaim.testing.MutableClock;
import org.essaim.testing.TestClockConfiguration;
import org.essaim.testing.WebClient;
import org.essaim.testsupport.RequiresProgram;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two control-plane replicas on one PostgreSQL and one directory (the real OpenLDAP), as the chart runs them without
 * sticky sessions: a person signs in on one and goes on on the other, through the import preview and the two-step
 * sign-in; a password changed on one ends the person's other sessions on both; what sessions keep deserializes; and
 * expired sessions are deleted.
 */
@EssaimTest
@RequiresProgram("slapd")
class SessionsAcrossReplicasTest extends SpaceTestSupport {

    private static final Pattern CONFIRM = Pattern.compile("action=\"(/spaces/[^\"/]+/import/[A-Za-z0-9_-]{24})\"");
    private static final Pattern SECRET = Pattern.compile("id=\"secret\">([A-Z2-7 ]+)<");

    @RegisterExtension
    static final SlapdExtension slapd = SlapdExtension.forApplication(ExternalSlapd.BASE_DN);

    private static ConfigurableApplicationContext other;
    /** The run's sealing key, which every test context on the run's database shares (signing keys included). */
    private static final String TWO_STEP_KEY = EssaimTestInitializer.SEALING_KEY;

    @DynamicPropertySource
    static void directory(DynamicPropertyRegistry registry) {
        ExternalSlapd.register(registry, slapd);
        // Replicas share the two-step key, as the chart gives every pod the same Secret.
        registry.add("essaim.two-step.key", () -> TWO_STEP_KEY);
    }

    @AfterAll
    static void stop() {
        if (other != null) {
            other.close();
        }
    }

    /** The second replica: the same application, the same database and directory, its own port and memory. */
    private int otherPort() {
        if (other == null) {
            List<String> args = new ArrayList<>(ExternalSlapd.arguments(slapd));
            args.add("--essaim.two-step.key=" + TWO_STEP_KEY);
            args.add("--server.port=0");
            other = new SpringApplicationBuilder(EssaimApplication.class, TestClockConfiguration.class)
                    .initializers(new EssaimTestInitializer())
                    .run(args.toArray(String[]::new));
        }
        return Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void aPersonSignedInOnOneReplicaGoesOnOnTheOther() throws Exception {
        String slug = fixtures.spaceWithAdmin("rep");
        int otherPort = otherPort();
        CookieManager browser = new CookieManager();
        WebClient one = new WebClient(port, browser);
        WebClient two = new WebClient(otherPort, browser);
        HttpResponse<String> signIn = one.submit(
                "/login",
                "/login",
                Map.of("space", slug, "username", "camille.referente", "password", SpaceFixtures.PASSWORD));
        assertThat(signIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));
        assertThat(two.get("/spaces/" + slug).statusCode())
                .as("the other replica knows the session")
                .isEqualTo(200);

        // The import: previewed on one, confirmed on the other (the file waits in the session, in the database).
        byte[] file = ("name,email\nAlice Martin,alice-" + slug + "@example.org\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> preview = one.upload(
                "/spaces/" + slug + "/import",
                "/spaces/" + slug + "/import",
                "file",
                "members.csv",
                file,
                "Accept-Language",
                "en");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        assertThat(sessionAttributes())
                .as("what the pages keep deserializes")
                .contains("SPRING_SECURITY_CONTEXT", "org.essaim.member.MemberImportPages.pending");
        Matcher confirm = CONFIRM.matcher(preview.body());
        assertThat(confirm.find()).isTrue();
        HttpResponse<String> run = two.postForm(confirm.group(1), Map.of("_csrf", WebClient.csrfToken(preview.body())));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(302);
        String result =
                URI.create(run.headers().firstValue("Location").orElseThrow()).getPath();
        assertThat(one.get(result, "Accept-Language", "en").statusCode()).isEqualTo(200);
        assertThat(spaceMembers.find(slug, "alice.martin")).isPresent();

        // Two steps: set up on one replica, confirmed on the other; then a new sign-in crosses replicas between steps.
        byte[] secret =
                secret(one.submit("/two-step", "/two-step/setup", Map.of()).body());
        assertThat(two.submit("/two-step", "/two-step/confirm", Map.of("code", code(secret)))
                        .statusCode())
                .isEqualTo(200);
        advanceBoth(Duration.ofSeconds(30));
        CookieManager laptop = new CookieManager();
        WebClient laptopOne = new WebClient(port, laptop);
        WebClient laptopTwo = new WebClient(otherPort, laptop);
        assertThat(laptopTwo
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
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login/two-step"));
        assertThat(laptopOne.get("/spaces/" + slug).headers().firstValue("Location"))
                .as("held on the other replica too")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login/two-step"));
        String code = code(secret);
        assertThat(laptopOne
                        .submit("/login/two-step", "/login/two-step", Map.of("code", code))
                        .statusCode())
                .isEqualTo(302);
        assertThat(laptopTwo.get("/spaces/" + slug).statusCode()).isEqualTo(200);
        CookieManager thief = new CookieManager();
        new WebClient(port, thief)
                .submit(
                        "/login",
                        "/login",
                        Map.of("space", slug, "username", "camille.referente", "password", SpaceFixtures.PASSWORD));
        assertThat(new WebClient(otherPort, thief)
                        .submit("/login/two-step", "/login/two-step", Map.of("code", code))
                        .statusCode())
                .as("a code used on one replica is refused on the other")
                .isEqualTo(400);
        assertThat(sessionAttributes()).isNotEmpty();
    }

    @Test
    void aPasswordChangedOnOneReplicaEndsTheOtherSessionsOnBoth() {
        String slug = fixtures.spaceWithAdmin("rpw");
        spaceMembers.create(slug, "dana", "Dana", "dana-" + slug + "@example.org");
        spaceMembers.setPassword(slug, "dana", SpaceFixtures.PASSWORD, slug);
        int otherPort = otherPort();
        WebClient onOne = new WebClient(port);
        WebClient onTwo = new WebClient(otherPort);
        WebClient changing = new WebClient(otherPort);
        for (WebClient client : List.of(onOne, onTwo, changing)) {
            client.submit(
                    "/login", "/login", Map.of("space", slug, "username", "dana", "password", SpaceFixtures.PASSWORD));
            assertThat(client.get("/profile").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> changed = changing.submit(
                "/profile",
                "/profile/password",
                Map.of(
                        "currentPassword",
                        SpaceFixtures.PASSWORD,
                        "password",
                        "a different long passphrase 2026",
                        "confirmation",
                        "a different long passphrase 2026"));
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(changing.get("/profile").statusCode())
                .as("the session that changed it stays")
                .isEqualTo(200);
        assertThat(onOne.get("/profile").statusCode())
                .as("ended on the other replica")
                .isEqualTo(302);
        assertThat(onTwo.get("/profile").statusCode())
                .as("ended on this replica")
                .isEqualTo(302);

        // Expired sessions are deleted by the cleanup every replica runs.
        String principal = "dana@" + slug;
        assertThat(db.fetchCount(
                        DSL.table("spring_session"), DSL.field("principal_name").eq(principal)))
                .isPositive();
        db.execute("update spring_session set expiry_time = 0 where principal_name = ?", principal);
        other.getBean(JdbcIndexedSessionRepository.class).cleanUpExpiredSessions();
        assertThat(db.fetchCount(
                        DSL.table("spring_session"), DSL.field("principal_name").eq(principal)))
                .isZero();
        assertThat(changing.get("/profile").statusCode())
                .as("an expired session signs in again")
                .isEqualTo(302);
    }

    /** Every attribute every session holds, deserialized as the other replica would. */
    private List<String> sessionAttributes() throws Exception {
        List<String> names = new ArrayList<>();
        for (var row : db.fetch("select attribute_name, attribute_bytes from spring_session_attributes")) {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(row.get(1, byte[].class)))) {
                assertThat(in.readObject()).as(row.get(0, String.class)).isNotNull();
            }
            names.add(row.get(0, String.class));
        }
        return names;
    }

    private void advanceBoth(Duration by) {
        clock.advance(by);
        other.getBean(MutableClock.class).advance(by);
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
