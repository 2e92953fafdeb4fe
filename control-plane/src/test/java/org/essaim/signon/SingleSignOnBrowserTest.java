package org.essaim.signon;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.essaim.browser.Browser;
import org.essaim.member.TestSpaces;
import org.essaim.security.Totp;
import org.essaim.security.TwoStep;
import org.essaim.testing.EssaimTest;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.MessageSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on as a person sees it, in a real browser, in French and in English: two relying parties run inside
 * the test (Nimbus, code flow with PKCE, ID token verified with the published keys) as the space's workspace and
 * events service, on their registered {@code https://} addresses (Chromium maps their hosts to 127.0.0.1). The
 * person opens the workspace, gets Essaim's sign-in page for the space in their language, signs in once and is
 * back in the workspace signed in; the events service then signs them in with no page in between. Once signed out
 * of Essaim, the events service's next sign-in asks for the password again.
 *
 * <p>The clients are the space's own (the provisioner's reported secret hashes, as in {@link SingleSignOnFlowTest}),
 * so the test shares the plain {@link EssaimTest} context.
 */
@EssaimTest
@RequiresProgram({"chromium", "chromedriver"})
class SingleSignOnBrowserTest {

    private static final char[] STORE_PASSWORD = "relying-party-test".toCharArray();
    private static SSLContext tls;

    @Autowired
    ApplicationContext context;

    @Autowired
    MessageSource messages;

    @LocalServerPort
    int port;

    /** One self-signed certificate for both apps' hosts (Chromium is told to accept it), made with the JDK's keytool. */
    @BeforeAll
    static void certificate(@TempDir Path directory) throws Exception {
        Path store = directory.resolve("apps.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "apps",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=essaim.local",
                        "-ext",
                        "SAN=dns:*.essaim.local",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(STORE_PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, STORE_PASSWORD);
        tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, new SecureRandom());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fr", "en"})
    void oneSignInReachesBothAppsAndSigningOutAsksForThePasswordAgain(String tag) throws Exception {
        Locale language = Locale.forLanguageTag(tag);
        String origin = "http://localhost:" + port;
        OIDCProviderMetadata provider = OIDCProviderMetadata.resolve(new Issuer(origin));
        String slug = new SignOnFixtures(context, port).spaceWithClients("sob" + tag);
        try (RelyingParty workspace = new RelyingParty(
                        provider,
                        SignOnFixtures.workspace(slug),
                        SignOnFixtures.secret(slug, "workspace"),
                        SignOnFixtures.workspaceRedirect(slug));
                RelyingParty events = new RelyingParty(
                        provider,
                        SignOnFixtures.events(slug),
                        SignOnFixtures.secret(slug, "events"),
                        SignOnFixtures.eventsRedirect(slug));
                Browser browser = Browser.start(
                        language,
                        List.of(
                                "--ignore-certificate-errors",
                                "--host-resolver-rules=" + workspace.hostRule() + ", " + events.hostRule()))) {

            // The workspace sends the person to Essaim's sign-in page for the space, in their language.
            browser.open(workspace.home());
            browser.waitFor(ExpectedConditions.urlToBe(origin + "/login?space=" + slug));
            assertSignInPage(browser, language, slug);
            browser.find("#username").sendKeys(TestSpaces.ADMIN_UID);
            browser.find("#password").sendKeys(SignOnFixtures.PASSWORD);
            browser.find("main form button[type=submit]").click();

            // Back in the workspace, signed in as the person the ID token names.
            browser.waitFor(ExpectedConditions.urlToBe(workspace.home()));
            assertThat(browser.text("#signed-in")).isEqualTo("Camille Référente");
            assertThat(workspace.signIns()).isEqualTo(1);

            // The events service: only redirects, no page of Essaim's, and signed in as the same person.
            browser.open(events.home());
            assertThat(browser.currentUri().toString()).isEqualTo(events.home());
            assertThat(browser.text("#signed-in")).isEqualTo("Camille Référente");
            assertThat(events.signIns()).isEqualTo(1);
            assertThat(events.subject()).isEqualTo(workspace.subject()).isEqualTo(TestSpaces.ADMIN_UID + "@" + slug);

            // Signed out of Essaim (the header's button), the events service's next sign-in asks for the password.
            browser.open(origin + "/spaces/" + slug);
            browser.find("header form[action='/logout'] button[type=submit]").click();
            browser.waitFor(ExpectedConditions.urlContains("signedOut"));
            browser.open(events.signIn());
            browser.waitFor(ExpectedConditions.urlToBe(origin + "/login?space=" + slug));
            assertSignInPage(browser, language, slug);
            assertThat(events.signIns()).isEqualTo(1);
            browser.find("#username").sendKeys(TestSpaces.ADMIN_UID);
            browser.find("#password").sendKeys(SignOnFixtures.PASSWORD);
            browser.find("main form button[type=submit]").click();
            browser.waitFor(ExpectedConditions.urlToBe(events.home()));
            assertThat(browser.text("#signed-in")).isEqualTo("Camille Référente");
            assertThat(events.signIns()).isEqualTo(2);
        }
    }

    /**
     * A person with two-step sign-in on: the workspace sends them to Essaim, they give the password and then the code
     * of their authenticator (computed here from the key they enrolled with, RFC 6238), once; both apps sign them in,
     * the events service without any page of Essaim's.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fr", "en"})
    void withTwoStepOneSignInWithItsCodeStillReachesBothApps(String tag) throws Exception {
        Locale language = Locale.forLanguageTag(tag);
        String origin = "http://localhost:" + port;
        OIDCProviderMetadata provider = OIDCProviderMetadata.resolve(new Issuer(origin));
        String slug = new SignOnFixtures(context, port).spaceWithClients("sot" + tag);
        String account = TestSpaces.ADMIN_UID + "@" + slug;
        TwoStep twoStep = context.getBean(TwoStep.class);
        Clock clock = context.getBean(Clock.class);
        byte[] secret = Totp.fromBase32(
                twoStep.start(account).orElseThrow().secretText().replace(" ", ""));
        assertThat(twoStep.confirm(account, Totp.code(secret, Totp.step(clock.instant())), null))
                .isPresent();
        try (RelyingParty workspace = new RelyingParty(
                        provider,
                        SignOnFixtures.workspace(slug),
                        SignOnFixtures.secret(slug, "workspace"),
                        SignOnFixtures.workspaceRedirect(slug));
                RelyingParty events = new RelyingParty(
                        provider,
                        SignOnFixtures.events(slug),
                        SignOnFixtures.secret(slug, "events"),
                        SignOnFixtures.eventsRedirect(slug));
                Browser browser = Browser.start(
                        language,
                        List.of(
                                "--ignore-certificate-errors",
                                "--host-resolver-rules=" + workspace.hostRule() + ", " + events.hostRule()))) {

            browser.open(workspace.home());
            browser.waitFor(ExpectedConditions.urlToBe(origin + "/login?space=" + slug));
            assertSignInPage(browser, language, slug);
            browser.find("#username").sendKeys(TestSpaces.ADMIN_UID);
            browser.find("#password").sendKeys(SignOnFixtures.PASSWORD);
            browser.find("main form button[type=submit]").click();

            // The second step, in their language; the code of a step after the one that confirmed the enrolment.
            browser.waitFor(ExpectedConditions.urlToBe(origin + "/login/two-step"));
            assertThat(browser.htmlLang()).isEqualTo(language.getLanguage());
            assertThat(browser.text("main h1")).isEqualTo(messages.getMessage("twostep.code.heading", null, language));
            assertThat(workspace.signIns()).isZero();
            long step = Totp.step(clock.instant());
            browser.find("#code").sendKeys(Totp.code(secret, step + 1));
            browser.find("main form[action='/login/two-step'] button[type=submit]")
                    .click();

            browser.waitFor(ExpectedConditions.urlToBe(workspace.home()));
            assertThat(browser.text("#signed-in")).isEqualTo("Camille Référente");
            assertThat(workspace.signIns()).isEqualTo(1);

            // The events service: no password, no code, no page of Essaim's.
            browser.open(events.home());
            assertThat(browser.currentUri().toString()).isEqualTo(events.home());
            assertThat(browser.text("#signed-in")).isEqualTo("Camille Référente");
            assertThat(events.signIns()).isEqualTo(1);
            assertThat(events.subject()).isEqualTo(workspace.subject()).isEqualTo(account);
        }
    }

    private void assertSignInPage(Browser browser, Locale language, String slug) {
        assertThat(browser.htmlLang()).isEqualTo(language.getLanguage());
        assertThat(browser.text("main h1")).isEqualTo(messages.getMessage("signIn.heading", null, language));
        assertThat(browser.find("#space").getAttribute("value")).isEqualTo(slug);
        assertThat(browser.driver().findElements(By.id("password"))).hasSize(1);
    }

    /**
     * A small app that signs people in through Essaim as a real one does: {@code /} shows who is signed in or starts
     * the code flow (state, nonce, PKCE), {@code /sign-in} always starts it, and the registered redirect address
     * redeems the code with the verifier and the client's secret and verifies the ID token against the published keys.
     */
    private static final class RelyingParty implements AutoCloseable {

        private final OIDCProviderMetadata provider;
        private final String clientId;
        private final String secret;
        private final URI redirect;
        private final HttpsServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool();
        private final Map<String, SignOnFixtures.Attempt> pending = new ConcurrentHashMap<>();
        private final Map<String, IDTokenClaimsSet> sessions = new ConcurrentHashMap<>();
        private volatile int signIns;
        private volatile String subject;

        RelyingParty(OIDCProviderMetadata provider, String clientId, String secret, URI redirect) throws IOException {
            this.provider = provider;
            this.clientId = clientId;
            this.secret = secret;
            this.redirect = redirect;
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.createContext("/", this::handle);
            // Threads of its own: the JDK's server runs the TLS handshake on the executor, and with none it would
            // run it on its one dispatcher thread, where a connection Chromium opens ahead and leaves idle blocks it.
            server.setExecutor(executor);
            server.start();
        }

        /** Chromium sends this app's host (on the default HTTPS port) to the server on 127.0.0.1. */
        String hostRule() {
            return "MAP " + redirect.getHost() + " 127.0.0.1:"
                    + server.getAddress().getPort();
        }

        String home() {
            return "https://" + redirect.getHost() + "/";
        }

        String signIn() {
            return "https://" + redirect.getHost() + "/sign-in";
        }

        int signIns() {
            return signIns;
        }

        String subject() {
            return subject;
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.equals(redirect.getPath())) {
                    callback(exchange);
                } else if (path.equals("/") && session(exchange) != null) {
                    String page =
                            "<!DOCTYPE html><html lang=\"en\"><head><title>App</title></head><body><p id=\"signed-in\">"
                                    + session(exchange).getStringClaim("name") + "</p></body></html>";
                    respond(exchange, 200, page);
                } else if (path.equals("/") || path.equals("/sign-in")) {
                    SignOnFixtures.Attempt attempt = SignOnFixtures.attempt(provider, clientId, redirect);
                    pending.put(attempt.state().getValue(), attempt);
                    exchange.getResponseHeaders()
                            .set("Location", attempt.request().toURI().toString());
                    respond(exchange, 302, "");
                } else {
                    respond(exchange, 404, "not found");
                }
            } catch (Exception e) {
                // Shown in the browser, where the assertions on the page make the test fail with it.
                try {
                    respond(exchange, 500, "relying party failed: " + e);
                } catch (IOException ignored) {
                    // The browser went away.
                }
            }
        }

        private void callback(HttpExchange exchange) throws Exception {
            AuthorizationResponse response = AuthorizationResponse.parse(
                    URI.create(redirect + "?" + exchange.getRequestURI().getRawQuery()));
            SignOnFixtures.Attempt attempt = response.getState() == null
                    ? null
                    : pending.remove(response.getState().getValue());
            if (!response.indicatesSuccess() || attempt == null) {
                respond(exchange, 400, "refused: " + exchange.getRequestURI().getRawQuery());
                return;
            }
            TokenResponse tokens = SignOnFixtures.redeem(
                    provider,
                    clientId,
                    secret,
                    ((AuthorizationSuccessResponse) response).getAuthorizationCode(),
                    redirect,
                    attempt.verifier());
            if (!tokens.indicatesSuccess()) {
                respond(
                        exchange,
                        400,
                        "token refused: " + tokens.toErrorResponse().getErrorObject());
                return;
            }
            IDTokenClaimsSet claims = new IDTokenValidator(
                            provider.getIssuer(),
                            new ClientID(clientId),
                            JWSAlgorithm.RS256,
                            provider.getJWKSetURI().toURL())
                    .validate(((OIDCTokenResponse) tokens).getOIDCTokens().getIDToken(), attempt.nonce());
            String cookie = new State().getValue();
            sessions.put(cookie, claims);
            signIns++;
            subject = claims.getSubject().getValue();
            exchange.getResponseHeaders()
                    .add("Set-Cookie", "rp=" + cookie + "; Path=/; Secure; HttpOnly; SameSite=Lax");
            exchange.getResponseHeaders().set("Location", "/");
            respond(exchange, 302, "");
        }

        private IDTokenClaimsSet session(HttpExchange exchange) {
            List<String> cookies = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
            for (String header : cookies) {
                for (String cookie : header.split(";\\s*")) {
                    if (cookie.startsWith("rp=") && sessions.containsKey(cookie.substring(3))) {
                        return sessions.get(cookie.substring(3));
                    }
                }
            }
            return null;
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
