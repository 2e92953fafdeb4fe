package org.essaim.signon;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.SpaceMembers;
import org.essaim.member.TestSpaces;
import org.essaim.security.SecretToken;
import org.essaim.space.SpaceProgress;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.SingleSignOn;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.SPACE;

/** Spaces whose apps have client secrets, people signed in to Essaim, and a relying party's steps with Nimbus. */
final class SignOnFixtures {

    static final String PASSWORD = "correct horse battery staple";

    private final ApplicationContext context;
    private final int port;

    SignOnFixtures(ApplicationContext context, int port) {
        this.context = context;
        this.port = port;
    }

    /** A space whose workspace and events clients have secrets (the provisioner's report); answers its slug. */
    String spaceWithClients(String prefix) {
        return spaceWithClientsNamed(TestSpaces.uniqueSlug(prefix));
    }

    /** As {@link #spaceWithClients}, with this very slug (a local client configured before the start names it). */
    String spaceWithClientsNamed(String slug) {
        DirectoryConnection directory = context.getBean(DirectoryConnection.class);
        TestSpaces.create(
                context.getBean(SpaceRegistry.class), context.getBean(TransactionTemplate.class), directory, slug);
        new SpaceMembers(directory).setPassword(slug, TestSpaces.ADMIN_UID, PASSWORD, TestSpaces.name(slug));
        DSLContext db = context.getBean(DSLContext.class);
        // Once the in-process provisioner has reported, report the clients' secrets as the provisioner does.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (db.fetchValue(SPACE.PROVISIONING_STATUS, SPACE.SLUG.eq(slug)) == null && System.nanoTime() < deadline) {
            sleep();
        }
        SpaceStatus status = context.getBean(SpaceProgress.class)
                .lastStatus(slug)
                .orElse(new SpaceStatus(null, List.of(), null, null));
        context.getBean(SpaceProgress.class)
                .statusChanged(
                        slug,
                        status.withSingleSignOn(List.of(
                                new SpaceStatus.ClientSecret(
                                        workspace(slug), List.of(SecretToken.hash(secret(slug, "workspace")))),
                                new SpaceStatus.ClientSecret(
                                        events(slug), List.of(SecretToken.hash(secret(slug, "events")))))));
        return slug;
    }

    static String workspace(String slug) {
        return SingleSignOn.clientId(slug, SingleSignOn.WORKSPACE);
    }

    static String events(String slug) {
        return SingleSignOn.clientId(slug, SingleSignOn.EVENTS);
    }

    static String secret(String slug, String app) {
        return "secret-of-" + app + "-" + slug + "-0123456789abcdef";
    }

    static URI workspaceRedirect(String slug) {
        return URI.create("https://" + slug + ".essaim.local/apps/user_oidc/code");
    }

    static URI eventsRedirect(String slug) {
        return URI.create("https://" + slug + "-events.essaim.local/auth/keycloak/callback");
    }

    /** A browser signed in to Essaim with the space's account. */
    WebClient signedIn(String slug, String uid) {
        WebClient browser = new WebClient(port);
        HttpResponse<String> response =
                browser.submit("/login", "/login", Map.of("space", slug, "username", uid, "password", PASSWORD));
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));
        return browser;
    }

    /** One relying party's authorization request, with its PKCE verifier, state and nonce. */
    record Attempt(AuthenticationRequest request, CodeVerifier verifier, State state, Nonce nonce) {
        /** The path and query the browser is sent to. */
        String path() {
            URI uri = request.toURI();
            return uri.getRawPath() + "?" + uri.getRawQuery();
        }
    }

    static Attempt attempt(OIDCProviderMetadata provider, String clientId, URI redirect) {
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        AuthenticationRequest request = new AuthenticationRequest.Builder(
                        ResponseType.CODE, new Scope("openid", "profile", "email"), new ClientID(clientId), redirect)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        return new Attempt(request, verifier, state, nonce);
    }

    static TokenResponse redeem(
            OIDCProviderMetadata provider,
            String clientId,
            String secret,
            AuthorizationCode code,
            URI redirect,
            CodeVerifier verifier)
            throws Exception {
        return token(provider, clientId, secret, new AuthorizationCodeGrant(code, redirect, verifier));
    }

    static TokenResponse token(OIDCProviderMetadata provider, String clientId, String secret, AuthorizationGrant grant)
            throws Exception {
        return OIDCTokenResponseParser.parse(new TokenRequest(
                        provider.getTokenEndpointURI(),
                        new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
                        grant)
                .toHTTPRequest()
                .send());
    }

    /**
     * The code flow as a signed-in browser and its app run it: authorize (answered with a code at the redirect
     * address, no page), then the code redeemed with the client's secret and the proof key; both must succeed.
     */
    static OIDCTokenResponse tokens(
            OIDCProviderMetadata provider, WebClient browser, String slug, String clientId, URI redirect)
            throws Exception {
        Attempt attempt = attempt(provider, clientId, redirect);
        HttpResponse<String> response = browser.get(attempt.path());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        AuthorizationResponse authorization = AuthorizationResponse.parse(
                URI.create(response.headers().firstValue("Location").orElseThrow()));
        assertThat(authorization.indicatesSuccess())
                .as(String.valueOf(authorization))
                .isTrue();
        TokenResponse tokens = redeem(
                provider,
                clientId,
                secret(slug, app(clientId)),
                ((AuthorizationSuccessResponse) authorization).getAuthorizationCode(),
                redirect,
                attempt.verifier());
        assertThat(tokens.indicatesSuccess())
                .as(String.valueOf(tokens.toHTTPResponse().getBody()))
                .isTrue();
        return (OIDCTokenResponse) tokens;
    }

    /** The app a client id names ({@code space-<slug>-events} or the workspace's). */
    static String app(String clientId) {
        return clientId.endsWith("events") ? "events" : "workspace";
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
