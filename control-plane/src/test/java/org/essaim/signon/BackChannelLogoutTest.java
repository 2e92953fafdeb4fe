package org.essaim.signon;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import com.sun.net.httpserver.HttpServer;
import org.essaim.audit.AuditLog;
import org.essaim.ldap.SpaceMembers;
import org.essaim.member.TestSpaces;
import org.essaim.security.SecretToken;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.MutableClock;
import org.essaim.testing.WebClient;
import org.essaim.web.Confirmation;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.SIGN_ON_LOGOUT_DELIVERY;
import static org.essaim.signon.SignOnFixtures.events;
import static org.essaim.signon.SignOnFixtures.eventsRedirect;
import static org.essaim.signon.SignOnFixtures.secret;
import static org.essaim.signon.SignOnFixtures.workspace;

/**
 * Back-channel logout as a relying party sees it: the space's workspace is a local client whose back-channel logout
 * address is an HTTP server inside the test, and what it receives is checked with Nimbus' {@link LogoutTokenValidator}
 * (signature with the published keys, issuer, audience, typ {@code logout+jwt}, events, no nonce) against the ID tokens
 * the same person got. Signing out names the session ({@code sid}); a disabling names the person ({@code sub}).
 * A workspace that does not answer, or answers 5xx, is tried again with back-off, and given up (audited) after the
 * last attempt; one that refuses (4xx) is not asked again (audited).
 */
@EssaimTest
class BackChannelLogoutTest {

    private static final String SLUG = TestSpaces.uniqueSlug("bcl");
    private static final String ROUTE = "/apps/user_oidc/backchannel-logout/essaim";
    private static final URI REDIRECT = URI.create("http://127.0.0.1:9/apps/user_oidc/code");
    private static final URI AFTER_LOGOUT = URI.create("http://127.0.0.1:9/");
    /** What the workspace answers, one status per delivery (200 once they run out; 0: no answer for 3 s). */
    private static final ConcurrentLinkedDeque<Integer> ANSWERS = new ConcurrentLinkedDeque<>();

    private static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
    /** Run by the workspace while it answers, when set. */
    private static volatile Runnable whileAnswering;

    private static HttpServer workspaceServer;

    record Received(String contentType, String logoutToken) {}

    @DynamicPropertySource
    static void workspaceWithBackChannelLogout(DynamicPropertyRegistry registry) throws IOException {
        workspaceServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        workspaceServer.setExecutor(Executors.newFixedThreadPool(4));
        workspaceServer.createContext(ROUTE, exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = body.startsWith("logout_token=")
                    ? URLDecoder.decode(body.substring("logout_token=".length()), StandardCharsets.UTF_8)
                    : body;
            RECEIVED.add(new Received(exchange.getRequestHeaders().getFirst("Content-Type"), token));
            Runnable during = whileAnswering;
            if (during != null) {
                during.run();
            }
            Integer answer = ANSWERS.poll();
            int status = answer == null ? 200 : answer;
            if (status == 0) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            byte[] reply = (status == 200 ? "" : "{\"error\":\"invalid SID or ISS\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) {
                exchange.getResponseBody().write(reply);
            }
            exchange.close();
        });
        workspaceServer.start();
        String prefix = "essaim.sign-on.local-clients[0].";
        registry.add(prefix + "client-id", () -> workspace(SLUG));
        registry.add(prefix + "secret-sha256", () -> SecretToken.hash(secret(SLUG, "workspace")));
        registry.add(prefix + "redirect-uri", REDIRECT::toString);
        registry.add(prefix + "post-logout-redirect-uri", AFTER_LOGOUT::toString);
        registry.add(
                prefix + "back-channel-logout-uri",
                () -> "http://127.0.0.1:" + workspaceServer.getAddress().getPort() + ROUTE);
        registry.add("essaim.sign-on.back-channel-logout.timeout", () -> "1s");
        registry.add("essaim.sign-on.back-channel-logout.attempts", () -> "3");
    }

    @AfterAll
    static void stopWorkspace() {
        workspaceServer.stop(0);
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    BackChannelLogoutDelivery delivery;

    @Autowired
    DSLContext db;

    @Autowired
    MutableClock clock;

    @LocalServerPort
    int port;

    SignOnFixtures fixtures;
    OIDCProviderMetadata provider;
    Issuer issuer;
    static boolean spaceMade;

    @BeforeEach
    void discover() throws Exception {
        fixtures = new SignOnFixtures(context, port);
        issuer = new Issuer("http://localhost:" + port);
        provider = OIDCProviderMetadata.resolve(issuer);
        if (!spaceMade) {
            fixtures.spaceWithClientsNamed(SLUG);
            spaceMade = true;
        }
        ANSWERS.clear();
        RECEIVED.clear();
        db.deleteFrom(SIGN_ON_LOGOUT_DELIVERY).execute();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void signingOutOfEssaimTellsTheWorkspaceWhichSessionEnded() throws Exception {
        assertThat(provider.supportsBackChannelLogout()).isTrue();
        assertThat(provider.supportsBackChannelLogoutSession()).isTrue();
        String uid = person("bea");
        WebClient laptop = fixtures.signedIn(SLUG, uid);
        WebClient phone = fixtures.signedIn(SLUG, uid);
        IDTokenClaimsSet laptopToken = signIn(laptop, workspace(SLUG), REDIRECT);
        IDTokenClaimsSet phoneToken = signIn(phone, workspace(SLUG), REDIRECT);
        signIn(laptop, events(SLUG), eventsRedirect(SLUG)); // the events service takes no logout token
        assertThat(laptopToken.getSessionID()).as("ID tokens carry sid").isNotNull();
        assertThat(phoneToken.getSessionID()).isNotNull().isNotEqualTo(laptopToken.getSessionID());

        HttpResponse<String> signedOut = laptop.submit("/spaces/" + SLUG, "/logout", Map.of());
        assertThat(signedOut.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/?signedOut"));
        assertThat(RECEIVED).as("queued, not sent in the sign-out's request").isEmpty();
        assertThat(delivery.deliverDue()).isEqualTo(1);

        Received received = RECEIVED.poll(10, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.contentType()).isEqualTo("application/x-www-form-urlencoded");
        LogoutTokenClaimsSet claims = validate(received.logoutToken());
        assertThat(claims.getSessionID()).isEqualTo(laptopToken.getSessionID());
        assertThat(claims.getSubject().getValue())
                .isEqualTo(uid + "@" + SLUG)
                .isEqualTo(laptopToken.getSubject().getValue());
        assertThat(claims.getAudience()).extracting(a -> a.getValue()).containsExactly(workspace(SLUG));
        assertThat(claims.getJWTID()).isNotNull();
        assertThat(claims.getClaim("nonce")).isNull();
        assertThat(RECEIVED).as("one token, to the workspace only").isEmpty();
        assertThat(delivery.deliverDue()).as("delivered once").isZero();
        assertThat(phone.get("/spaces/" + SLUG).statusCode())
                .as("the other session goes on")
                .isEqualTo(200);

        assertThat(db.fetchCount(SIGN_ON_LOGOUT_DELIVERY)).isEqualTo(1);
        clock.advance(Duration.ofDays(31));
        delivery.deliverDue();
        assertThat(db.fetchCount(SIGN_ON_LOGOUT_DELIVERY))
                .as("a delivered token's row is kept 30 days")
                .isZero();
    }

    /** Signing out through another app (the events service's logout request) tells the workspace which session ended. */
    @Test
    void anAppsLogoutRequestAlsoTellsTheWorkspace() throws Exception {
        String uid = person("cyr");
        WebClient browser = fixtures.signedIn(SLUG, uid);
        OIDCTokenResponse tokens = tokens(browser, workspace(SLUG), REDIRECT);
        IDTokenClaimsSet idToken =
                validator(workspace(SLUG)).validate(tokens.getOIDCTokens().getIDToken(), null);
        OIDCTokenResponse eventsTokens = tokens(browser, events(SLUG), eventsRedirect(SLUG));
        URI afterEventsLogout = eventsRedirect(SLUG).resolve("/");
        URI logout = new LogoutRequest(
                        provider.getEndSessionEndpointURI(),
                        eventsTokens.getOIDCTokens().getIDToken(),
                        afterEventsLogout,
                        null)
                .toURI();
        HttpResponse<String> response = browser.get(logout.getRawPath() + "?" + logout.getRawQuery());
        assertThat(response.headers().firstValue("Location"))
                .as(response.body())
                .hasValue(afterEventsLogout.toString());
        assertThat(browser.get("/spaces/" + SLUG).statusCode())
                .as("signed out of Essaim")
                .isEqualTo(302);

        assertThat(delivery.deliverDue()).isEqualTo(1);
        LogoutTokenClaimsSet claims =
                validate(RECEIVED.poll(10, TimeUnit.SECONDS).logoutToken());
        assertThat(claims.getSessionID()).isEqualTo(idToken.getSessionID());
    }

    /**
     * The workspace's own logout request (user_oidc's single logout, which ends its session before sending the person
     * to the provider) signs the person out of Essaim and owes the workspace no logout token: user_oidc 8.10.1 answered
     * 400 ("No session was found") to the one Essaim sent it, audited as refused at every sign-out from Nextcloud.
     */
    @Test
    void theWorkspacesOwnLogoutRequestOwesItNoLogoutToken() throws Exception {
        String uid = person("dan");
        WebClient browser = fixtures.signedIn(SLUG, uid);
        OIDCTokenResponse tokens = tokens(browser, workspace(SLUG), REDIRECT);
        URI logout = new LogoutRequest(
                        provider.getEndSessionEndpointURI(),
                        tokens.getOIDCTokens().getIDToken(),
                        AFTER_LOGOUT,
                        null)
                .toURI();
        HttpResponse<String> response = browser.get(logout.getRawPath() + "?" + logout.getRawQuery());
        assertThat(response.headers().firstValue("Location"))
                .as(response.body())
                .hasValue(AFTER_LOGOUT.toString());
        assertThat(browser.get("/spaces/" + SLUG).statusCode())
                .as("signed out of Essaim")
                .isEqualTo(302);
        assertThat(db.fetchCount(SIGN_ON_LOGOUT_DELIVERY)).isZero();
        assertThat(delivery.deliverDue()).isZero();
        assertThat(RECEIVED).isEmpty();
    }

    @Test
    void aDisabledPersonsSessionsAllEndInTheWorkspace() throws Exception {
        String uid = person("dom");
        signIn(fixtures.signedIn(SLUG, uid), workspace(SLUG), REDIRECT);
        WebClient admin = fixtures.signedIn(SLUG, TestSpaces.ADMIN_UID);
        String page = "/spaces/" + SLUG + "/members/" + uid + "/disable";
        assertThat(admin.submit(page, page, Map.of(Confirmation.PARAMETER, "true"))
                        .statusCode())
                .isEqualTo(302);

        assertThat(delivery.deliverDue()).isEqualTo(1);
        LogoutTokenClaimsSet claims =
                validate(RECEIVED.poll(10, TimeUnit.SECONDS).logoutToken());
        assertThat(claims.getSubject().getValue()).isEqualTo(uid + "@" + SLUG);
        assertThat(claims.getSessionID()).as("every session of the person").isNull();
    }

    @Test
    void aWorkspaceThatDoesNotAnswerIsTriedAgainWithBackOffThenGivenUpAndAudited() throws Exception {
        String uid = person("eli");
        WebClient browser = fixtures.signedIn(SLUG, uid);
        signIn(browser, workspace(SLUG), REDIRECT);
        browser.submit("/spaces/" + SLUG, "/logout", Map.of());
        String jti;

        ANSWERS.add(503);
        Instant before = clock.instant();
        assertThat(delivery.deliverDue()).isEqualTo(1);
        var row = db.selectFrom(SIGN_ON_LOGOUT_DELIVERY).fetchSingle();
        assertThat(row.getAttempts()).isEqualTo(1);
        assertThat(row.getLastError()).startsWith("HTTP 503");
        assertThat(row.getNextAttemptAt().toInstant())
                .as("30 s after the attempt")
                .isBetween(before.plusSeconds(30), clock.instant().plusSeconds(30));
        assertThat(delivery.deliverDue()).as("not before its next attempt").isZero();
        jti = validate(RECEIVED.poll(10, TimeUnit.SECONDS).logoutToken())
                .getJWTID()
                .getValue();

        clock.advance(Duration.ofSeconds(31));
        ANSWERS.add(0); // no answer within the time-out
        before = clock.instant();
        assertThat(delivery.deliverDue()).isEqualTo(1);
        row = db.selectFrom(SIGN_ON_LOGOUT_DELIVERY).fetchSingle();
        assertThat(row.getAttempts()).isEqualTo(2);
        assertThat(row.getLastError()).contains("Timeout");
        assertThat(row.getNextAttemptAt().toInstant())
                .as("then 1 min")
                .isBetween(before.plusSeconds(60), clock.instant().plusSeconds(60));
        assertThat(validate(RECEIVED.poll(10, TimeUnit.SECONDS).logoutToken())
                        .getJWTID()
                        .getValue())
                .as("the same token id at every attempt")
                .isEqualTo(jti);

        // Another replica, or this one after a restart: what is owed is in the database, not in memory.
        BackChannelLogoutDelivery restarted = new BackChannelLogoutDelivery(
                db,
                context.getBean(SigningKeys.class),
                context.getBean(AuditLog.class),
                clock,
                context.getBean(SignOnProperties.class),
                context.getBean(TransactionTemplate.class));
        clock.advance(Duration.ofSeconds(61));
        ANSWERS.add(502);
        assertThat(restarted.deliverDue()).isEqualTo(1);
        row = db.selectFrom(SIGN_ON_LOGOUT_DELIVERY).fetchSingle();
        assertThat(row.getAttempts()).isEqualTo(3);
        assertThat(row.getFailedAt()).as("given up after the third attempt").isNotNull();
        assertThat(row.getDeliveredAt()).isNull();
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT.ACTION.eq("sign-on.back-channel-logout-abandoned"),
                        AUDIT_EVENT.DETAIL_CODE.eq("sign-on.logout-undelivered"),
                        AUDIT_EVENT.TARGET.eq("member:" + SLUG + "/" + uid)))
                .isEqualTo(1);
        clock.advance(Duration.ofHours(7));
        assertThat(delivery.deliverDue()).isZero();
    }

    @Test
    void aRefusalIsNotSentAgainAndIsAudited() throws Exception {
        String uid = person("fay");
        WebClient browser = fixtures.signedIn(SLUG, uid);
        signIn(browser, workspace(SLUG), REDIRECT);
        browser.submit("/spaces/" + SLUG, "/logout", Map.of());
        ANSWERS.add(400);
        assertThat(delivery.deliverDue()).isEqualTo(1);
        var row = db.selectFrom(SIGN_ON_LOGOUT_DELIVERY).fetchSingle();
        assertThat(row.getFailedAt()).isNotNull();
        assertThat(row.getLastError()).startsWith("HTTP 400").contains("invalid SID or ISS");
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT.ACTION.eq("sign-on.back-channel-logout-refused"),
                        AUDIT_EVENT.DETAIL_CODE.eq("sign-on.logout-undelivered"),
                        AUDIT_EVENT.TARGET.eq("member:" + SLUG + "/" + uid)))
                .isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(delivery.deliverDue()).isZero();
    }

    /** An app that is slow to answer holds no row lock and no transaction: the database stays free meanwhile. */
    @Test
    void aDeliveryHoldsNoLockWhileTheAppAnswers() throws Exception {
        String uid = person("hal");
        WebClient browser = fixtures.signedIn(SLUG, uid);
        signIn(browser, workspace(SLUG), REDIRECT);
        browser.submit("/spaces/" + SLUG, "/logout", Map.of());
        AtomicReference<RuntimeException> locked = new AtomicReference<>();
        AtomicInteger free = new AtomicInteger();
        whileAnswering = () -> {
            try {
                db.selectFrom(SIGN_ON_LOGOUT_DELIVERY).forUpdate().noWait().fetch();
                free.incrementAndGet();
            } catch (RuntimeException e) {
                locked.set(e);
            }
        };
        try {
            assertThat(delivery.deliverDue()).isEqualTo(1);
        } finally {
            whileAnswering = null;
        }
        assertThat(locked.get()).as("the row was locked while the app answered").isNull();
        assertThat(free.get()).isEqualTo(1);
        assertThat(db.selectFrom(SIGN_ON_LOGOUT_DELIVERY).fetchSingle().getDeliveredAt())
                .isNotNull();
    }

    @Test
    void aPersonWhoNeverOpenedTheWorkspaceCostsItNothing() throws Exception {
        String uid = person("gus");
        WebClient browser = fixtures.signedIn(SLUG, uid);
        signIn(browser, events(SLUG), eventsRedirect(SLUG));
        browser.submit("/spaces/" + SLUG, "/logout", Map.of());
        assertThat(db.fetchCount(SIGN_ON_LOGOUT_DELIVERY)).isZero();
    }

    // ----------------------------------------------------------------------------------------------------------

    private String person(String uid) {
        var members = context.getBean(SpaceMembers.class);
        members.create(SLUG, uid, uid, uid + "-" + SLUG + "@example.org");
        members.setPassword(SLUG, uid, SignOnFixtures.PASSWORD, TestSpaces.name(SLUG));
        return uid;
    }

    private OIDCTokenResponse tokens(WebClient browser, String clientId, URI redirect) throws Exception {
        return SignOnFixtures.tokens(provider, browser, SLUG, clientId, redirect);
    }

    private IDTokenClaimsSet signIn(WebClient browser, String clientId, URI redirect) throws Exception {
        OIDCTokenResponse tokens = tokens(browser, clientId, redirect);
        return validator(clientId).validate(tokens.getOIDCTokens().getIDToken(), null);
    }

    private IDTokenValidator validator(String clientId) throws Exception {
        return new IDTokenValidator(
                issuer,
                new ClientID(clientId),
                JWSAlgorithm.RS256,
                provider.getJWKSetURI().toURL());
    }

    /** As the workspace checks it: typed logout+jwt, signed with a published key, for its client, from the issuer. */
    private LogoutTokenClaimsSet validate(String token) throws Exception {
        JWT jwt = JWTParser.parse(token);
        assertThat(((SignedJWT) jwt).getHeader().getType()).isEqualTo(LogoutTokenValidator.TYPE);
        var keys = new JWSVerificationKeySelector<SecurityContext>(
                JWSAlgorithm.RS256,
                JWKSourceBuilder.create(provider.getJWKSetURI().toURL()).build());
        return new LogoutTokenValidator(issuer, new ClientID(workspace(SLUG)), true, keys, null).validate(jwt);
    }
}
