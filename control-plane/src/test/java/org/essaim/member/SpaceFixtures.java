package org.essaim.member;

import org.awaitility.Awaitility;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.space.NewSpace;
import org.essaim.space.SpaceRegistry;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.MAIL_OUTBOX;

/** Approved spaces with their first admin, and the links of the members' emails, for tests. */
final class SpaceFixtures {

    static final String PASSWORD = "correct horse battery staple";
    private static final Pattern INVITATION = Pattern.compile("/invitations/([A-Za-z0-9_-]{43})");
    private static final Pattern PASSWORD_LINK = Pattern.compile("/password/link/([A-Za-z0-9_-]{43})");

    private final SpaceRegistry registry;
    private final TransactionTemplate transaction;
    private final SpaceSubtrees spaceSubtrees;
    private final DSLContext db;
    private final int port;

    SpaceFixtures(ApplicationContext context, int port) {
        this.registry = context.getBean(SpaceRegistry.class);
        this.transaction = context.getBean(TransactionTemplate.class);
        this.spaceSubtrees = context.getBean(SpaceSubtrees.class);
        this.db = context.getBean(DSLContext.class);
        this.port = port;
    }

    /** An approved space whose directory subtree exists; its referent is {@code referent@<slug>.example.org}. */
    String approvedSpace(String prefix) {
        String slug = prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        transaction.executeWithoutResult(status -> registry.register(
                new NewSpace(slug, "Les Amis de " + slug, "fr", "Camille Référente", referent(slug), null, null),
                "admin"));
        awaitTrue(() -> spaceSubtrees.hasSpace(slug), "the space's directory subtree");
        return slug;
    }

    static String referent(String slug) {
        return "referent@" + slug + ".example.org";
    }

    /** An approved space whose referent accepted their invitation; answers the referent's uid. */
    String spaceWithAdmin(String prefix) {
        String slug = approvedSpace(prefix);
        HttpResponse<String> accepted = accept(invitationToken(referent(slug)), "Camille Référente", PASSWORD);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        return slug;
    }

    /** Signed in to the space as {@code login} (uid or email). */
    WebClient signedIn(String space, String login) {
        WebClient client = new WebClient(port);
        String slug = space.contains(".") ? space.substring(0, space.indexOf('.')) : space;
        HttpResponse<String> response =
                client.submit("/login", "/login", Map.of("space", space, "username", login, "password", PASSWORD));
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/spaces/" + slug));
        return client;
    }

    /** Posts the accept form (with a CSRF token from any page: a closed or unknown link's page has no form). */
    HttpResponse<String> accept(String token, String name, String password) {
        return new WebClient(port)
                .submit(
                        "/login",
                        "/invitations/" + token,
                        Map.of("displayName", name, "password", password, "confirmation", password));
    }

    /** The token of the latest invitation emailed to {@code email}. */
    String invitationToken(String email) {
        return latestLink(email, INVITATION);
    }

    String passwordToken(String email) {
        return latestLink(email, PASSWORD_LINK);
    }

    int mailsTo(String email) {
        return db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(email));
    }

    private String latestLink(String email, Pattern pattern) {
        String body = db.select(MAIL_OUTBOX.BODY)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(email))
                .orderBy(MAIL_OUTBOX.ID.desc())
                .limit(1)
                .fetchOne(MAIL_OUTBOX.BODY);
        assertThat(body).as("an email to " + email).isNotNull();
        Matcher matcher = pattern.matcher(body);
        assertThat(matcher.find()).as("a link in " + body).isTrue();
        return matcher.group(1);
    }

    /** Header pairs after others (Basic credentials, then Accept-Language...). */
    static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }
}
