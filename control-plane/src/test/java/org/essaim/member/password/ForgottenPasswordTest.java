package org.essaim.member.password;

import org.essaim.audit.AuditLog;
import org.essaim.audit.AuditWords;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.SpaceMembers;
import org.essaim.member.TestSpaces;
import org.essaim.space.SpaceRegistry;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.MutableClock;
import org.essaim.testing.WebClient;
import org.essaim.web.TooManyRequestsException;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.db.Tables.MEMBER_PASSWORD_LINK;

/** A space member's forgotten password, end to end in the local default: the form, the email, the link's page. */
@EssaimTest
@TestPropertySource(
        properties = {
            "essaim.members.password-reset.attempts-per-address-per-hour=40",
            "essaim.members.password-reset.attempts-per-email-per-hour=3"
        })
class ForgottenPasswordTest {

    private static final Pattern LINK = Pattern.compile("/password/link/([A-Za-z0-9_-]{43})");
    private static final String NEW_PASSWORD = "correct horse battery staple";

    @LocalServerPort
    int port;

    @Autowired
    AuditWords words;

    @Autowired
    SpaceRegistry registry;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DirectoryConnection directory;

    @Autowired
    SpaceMembers spaceMembers;

    @Autowired
    DSLContext db;

    @Autowired
    MutableClock clock;

    @Autowired
    EmailedPasswordLinks links;

    @Autowired
    ForgottenPasswords forgotten;

    private String slug;
    private String email;

    @BeforeEach
    void spaceWithAMember() {
        slug = TestSpaces.create(registry, transaction, directory, TestSpaces.uniqueSlug("reset"));
        email = "Dominique." + slug + "@Example.org";
        spaceMembers.create(slug, "dominique", "Dominique (trésorière) *()\\,+=<>#;\"", email);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aMemberResetsTheirPasswordThroughTheEmailedLinkAndCanSignIn() {
        WebClient browser = new WebClient(port);
        String form =
                browser.get("/password/forgotten?space=" + slug + "&lang=en").body();
        assertThat(form).contains("Forgotten password").contains("value=\"" + slug + "\"");
        assertThat(browser.get("/login").body()).contains("href=\"/password/forgotten\"");

        HttpResponse<String> asked = browser.submit(
                "/password/forgotten",
                "/password/forgotten",
                Map.of(
                        "space",
                        "https://" + slug + ".essaim.local/apps/files",
                        "email",
                        email.toLowerCase(Locale.ROOT)));

        assertThat(asked.statusCode()).isEqualTo(302);
        assertThat(asked.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/password/forgotten/sent"));
        assertThat(browser.get("/password/forgotten/sent").body())
                .contains("If an account of this space uses this address")
                .contains("one hour");
        String mail = lastMail(email, "member-password-reset");
        assertThat(mail)
                .contains("Hello Dominique (trésorière)")
                .contains(slug + ".essaim.local")
                .contains("dominique")
                .contains("within one hour");
        String token = token(mail);
        assertThat(db.fetchValue(
                        MEMBER_PASSWORD_LINK.TOKEN_HASH,
                        MEMBER_PASSWORD_LINK.UID.eq("dominique").and(MEMBER_PASSWORD_LINK.SPACE_SLUG.eq(slug))))
                .hasSize(64)
                .isNotEqualTo(token)
                .doesNotContain(token);

        String page = browser.get("/password/link/" + token).body();
        assertThat(page)
                .contains("Choose a new password for your account in the space " + TestSpaces.name(slug)
                        + ". Your user name is dominique")
                .contains("from 12 to 256 characters")
                .contains("without your name, your user name, your email address or the space’s name");

        HttpResponse<String> mismatch = browser.submit(
                "/password/link/" + token,
                "/password/link/" + token,
                Map.of("password", NEW_PASSWORD, "confirmation", NEW_PASSWORD + "!"));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("The two passwords differ").doesNotContain(NEW_PASSWORD);
        HttpResponse<String> tooShort = browser.submit(
                "/password/link/" + token,
                "/password/link/" + token,
                Map.of("password", "short", "confirmation", "short"));
        assertThat(tooShort.body()).contains("Too short: write at least 12 characters.");
        HttpResponse<String> withSpace = browser.submit(
                "/password/link/" + token,
                "/password/link/" + token,
                Map.of("password", "my " + slug + " password", "confirmation", "my " + slug + " password"));
        assertThat(withSpace.body()).contains("It contains the space’s name or address");
        String withoutHyphens = "vive " + slug.replace("-", "") + " 2024";
        assertThat(browser.submit(
                                "/password/link/" + token,
                                "/password/link/" + token,
                                Map.of("password", withoutHyphens, "confirmation", withoutHyphens))
                        .body())
                .as("the space's name without its hyphens")
                .contains("It contains the space’s name or address");
        for (String weak : new String[] {"aaaaaaaaaaaa", "password1234", "            "}) {
            HttpResponse<String> refused = browser.submit(
                    "/password/link/" + token,
                    "/password/link/" + token,
                    Map.of("password", weak, "confirmation", weak));
            assertThat(refused.statusCode()).as(weak).isEqualTo(400);
            assertThat(refused.body())
                    .as(weak)
                    .contains("Too easy to guess.")
                    .contains("id=\"password-error\"")
                    .contains("aria-invalid=\"true\"");
        }
        String nul = "violet hedge\u0000hog lamps 42";
        assertThat(browser.submit(
                                "/password/link/" + token,
                                "/password/link/" + token,
                                Map.of("password", nul, "confirmation", nul))
                        .statusCode())
                .isIn(400);
        String huge = "violet hedgehog lamps ".repeat(20_000);
        HttpResponse<String> tooLong = browser.submit(
                "/password/link/" + token, "/password/link/" + token, Map.of("password", huge, "confirmation", huge));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("Too long: at most 256 characters.");
        assertThat(spaceMembers.signIn(slug, "dominique", "short")).isFalse();

        HttpResponse<String> done = browser.submit(
                "/password/link/" + token,
                "/password/link/" + token,
                Map.of("password", NEW_PASSWORD, "confirmation", NEW_PASSWORD));

        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Your password is set").contains("href=\"/login?space=" + slug + "\"");
        assertThat(spaceMembers.signIn(slug, "dominique", NEW_PASSWORD)).isTrue();
        var audit = db.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.ACTION.eq("member.password-set-by-link"))
                .and(AUDIT_EVENT.TARGET.eq("member:" + slug + "/dominique"))
                .fetchSingle();
        assertThat(audit.getActor()).isEqualTo("dominique@" + slug);
        assertThat(words.detail(AuditLog.event(audit), Locale.ENGLISH))
                .isEqualTo("reset link")
                .doesNotContain(token);
        assertThat(Arrays.toString(audit.getDetailArguments())).doesNotContain(token);

        // The same link again: a clear message, and nothing changes.
        HttpResponse<String> again = browser.postForm(
                "/password/link/" + token,
                Map.of(
                        "password",
                        "another long passphrase",
                        "confirmation",
                        "another long passphrase",
                        "_csrf",
                        WebClient.csrfToken(browser.get("/password/forgotten").body())));
        assertThat(again.body()).contains("This link was already used").doesNotContain("Set my password");
        assertThat(spaceMembers.signIn(slug, "dominique", "another long passphrase"))
                .isFalse();
        assertThat(spaceMembers.signIn(slug, "dominique", NEW_PASSWORD)).isTrue();
    }

    @Test
    void anUnknownAddressOrSpaceGetsTheSameAnswerAndNoEmail() {
        int before = db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.TEMPLATE.eq("member-password-reset"));
        WebClient browser = new WebClient(port);
        browser.get("/password/forgotten?lang=fr");

        HttpResponse<String> unknownEmail = browser.submit(
                "/password/forgotten",
                "/password/forgotten",
                Map.of("space", slug, "email", "nobody." + slug + "@example.org"));
        HttpResponse<String> unknownSpace = browser.submit(
                "/password/forgotten", "/password/forgotten", Map.of("space", slug + "-x", "email", email));
        HttpResponse<String> known =
                browser.submit("/password/forgotten", "/password/forgotten", Map.of("space", slug, "email", email));

        assertThat(unknownEmail.statusCode()).isEqualTo(known.statusCode()).isEqualTo(unknownSpace.statusCode());
        assertThat(unknownEmail.headers().map().get("Location"))
                .isEqualTo(known.headers().map().get("Location"))
                .isEqualTo(unknownSpace.headers().map().get("Location"));
        assertThat(unknownEmail.body()).isEqualTo(known.body());
        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.TEMPLATE.eq("member-password-reset")))
                .isEqualTo(before + 1);
        assertThat(lastMail(email, "member-password-reset"))
                .contains("Bonjour Dominique")
                .contains("dans l’heure");
    }

    @Test
    void malformedInputIsExplainedNextToTheField() {
        WebClient browser = new WebClient(port);
        browser.get("/password/forgotten?lang=en");

        HttpResponse<String> bad = browser.submit(
                "/password/forgotten", "/password/forgotten", Map.of("space", "not a space!", "email", "not-an-email"));

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Enter the address of your space").contains("Enter a valid email address");
    }

    @Test
    void aDisabledAccountGetsTheSameAnswerButNoLink() {
        spaceMembers.disable(slug, "dominique");
        WebClient browser = new WebClient(port);

        HttpResponse<String> asked =
                browser.submit("/password/forgotten", "/password/forgotten", Map.of("space", slug, "email", email));

        assertThat(asked.statusCode()).isEqualTo(302);
        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(email))).isZero();
    }

    @Test
    void attemptsAreLimitedPerEmailAndPerClientAddress() {
        WebClient browser = new WebClient(port);
        browser.get("/password/forgotten?lang=en");
        for (int i = 0; i < 3; i++) {
            assertThat(browser.submit(
                                    "/password/forgotten", "/password/forgotten", Map.of("space", slug, "email", email))
                            .statusCode())
                    .isEqualTo(302);
        }
        HttpResponse<String> fourth =
                browser.submit("/password/forgotten", "/password/forgotten", Map.of("space", slug, "email", email));
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.body()).contains("Too many requests in the last hour");
        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(email))).isEqualTo(3);

        String client = "203.0.113." + (slug.hashCode() & 0x7F);
        for (int i = 0; i < 40; i++) {
            forgotten.request(slug, "someone-" + i + "." + slug + "@example.org", client, Locale.FRENCH);
        }
        assertThatThrownBy(() -> forgotten.request(slug, "one-more." + slug + "@example.org", client, Locale.FRENCH))
                .isInstanceOf(TooManyRequestsException.class);

        clock.advance(Duration.ofHours(1));
        forgotten.request(slug, email, client, Locale.FRENCH);
        assertThat(db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(email))).isEqualTo(4);
    }

    @Test
    void aLinkExpiresAfterOneHourAndThenChangesNothing() {
        forgotten.request(slug, email, "198.51.100.1", Locale.ENGLISH);
        String token = token(lastMail(email, "member-password-reset"));
        WebClient browser = new WebClient(port);
        String page = browser.get("/password/link/" + token + "?lang=en").body();
        assertThat(page).contains("Set my password");

        clock.advance(Duration.ofMinutes(60));
        HttpResponse<String> late = browser.postForm(
                "/password/link/" + token,
                Map.of("password", NEW_PASSWORD, "confirmation", NEW_PASSWORD, "_csrf", WebClient.csrfToken(page)));

        assertThat(late.body()).contains("This link has expired").doesNotContain("Set my password");
        assertThat(spaceMembers.signIn(slug, "dominique", NEW_PASSWORD)).isFalse();
        assertThat(links.setPassword(token, NEW_PASSWORD))
                .hasValueSatisfying(link -> assertThat(link.state()).isEqualTo(EmailedPasswordLinks.LinkState.EXPIRED));
        assertThat(spaceMembers.signIn(slug, "dominique", NEW_PASSWORD)).isFalse();
    }

    @Test
    void aGuessedLinkIsRefusedClearlyAndChangesNothing() {
        WebClient browser = new WebClient(port);
        String guessed = "A".repeat(43);

        HttpResponse<String> page = browser.get("/password/link/" + guessed + "?lang=en");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("This link is not valid");
        HttpResponse<String> posted = browser.postForm(
                "/password/link/" + guessed,
                Map.of(
                        "password",
                        NEW_PASSWORD,
                        "confirmation",
                        NEW_PASSWORD,
                        "_csrf",
                        WebClient.csrfToken(browser.get("/password/forgotten").body())));
        assertThat(posted.statusCode()).isEqualTo(404);
        assertThat(browser.get("/password/link/not-a-token").statusCode()).isEqualTo(404);
        assertThat(links.setPassword("B".repeat(43), NEW_PASSWORD)).isEmpty();
        assertThat(browser.get("/password/link/%3Cscript%3E").body()).doesNotContain("<script>");
    }

    @Test
    void aNewLinkReplacesTheEarlierOne() {
        forgotten.request(slug, email, "198.51.100.2", Locale.ENGLISH);
        String first = token(lastMail(email, "member-password-reset"));
        forgotten.request(slug, email, "198.51.100.2", Locale.ENGLISH);
        String second = token(lastMail(email, "member-password-reset"));
        assertThat(second).isNotEqualTo(first);

        assertThat(new WebClient(port)
                        .get("/password/link/" + first + "?lang=en")
                        .body())
                .contains("A newer link was sent to you");
        assertThat(links.setPassword(first, NEW_PASSWORD))
                .hasValueSatisfying(
                        link -> assertThat(link.state()).isEqualTo(EmailedPasswordLinks.LinkState.REPLACED));
        assertThat(links.setPassword(second, NEW_PASSWORD))
                .hasValueSatisfying(link -> assertThat(link.state()).isEqualTo(EmailedPasswordLinks.LinkState.VALID));
        assertThat(spaceMembers.signIn(slug, "dominique", NEW_PASSWORD)).isTrue();
    }

    @Test
    void aWelcomeLinkForACreatedAccountWorksForSevenDays() {
        spaceMembers.create(slug, "nouvelle", "Nouvelle Venue", "nouvelle." + slug + "@example.org");

        links.issue(slug, "nouvelle", EmailedPasswordLinks.WELCOME_VALIDITY, EmailedPasswordLinks.WELCOME_TEMPLATE);

        String mail = lastMail("nouvelle." + slug + "@example.org", "member-welcome");
        assertThat(mail)
                .contains("Bonjour Nouvelle Venue")
                .contains("Votre identifiant : nouvelle")
                .contains("dans les 7 jours");
        String token = token(mail);
        clock.advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(new WebClient(port)
                        .get("/password/link/" + token + "?lang=fr")
                        .body())
                .contains("Bienvenue ! Un compte a été créé pour vous dans l’espace " + TestSpaces.name(slug)
                        + ". Votre identifiant est nouvelle");
        assertThat(links.setPassword(token, NEW_PASSWORD))
                .hasValueSatisfying(link -> assertThat(link.welcome()).isTrue());
        assertThat(spaceMembers.signIn(slug, "nouvelle", NEW_PASSWORD)).isTrue();
    }

    private String lastMail(String recipient, String template) {
        return db.select(MAIL_OUTBOX.BODY)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(recipient))
                .and(MAIL_OUTBOX.TEMPLATE.eq(template))
                .orderBy(MAIL_OUTBOX.ID.desc())
                .limit(1)
                .fetchOptional(MAIL_OUTBOX.BODY)
                .orElseThrow(() -> new AssertionError("no " + template + " email to " + recipient));
    }

    private static String token(String mail) {
        Matcher matcher = LINK.matcher(mail);
        assertThat(matcher.find()).as("a link in " + mail).isTrue();
        return matcher.group(1);
    }
}
