package org.essaim.signon;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.StaffAccounts;
import org.essaim.member.Members;
import org.essaim.member.TestSpaces;
import org.essaim.platform.DataDirectory;
import org.essaim.security.SecretSeal;
import org.essaim.security.TestSeals;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.MutableClock;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.essaim.db.Tables.SIGN_ON_SIGNING_KEY;
import static org.essaim.signon.SignOnFixtures.attempt;
import static org.essaim.signon.SignOnFixtures.events;
import static org.essaim.signon.SignOnFixtures.eventsRedirect;
import static org.essaim.signon.SignOnFixtures.redeem;
import static org.essaim.signon.SignOnFixtures.secret;
import static org.essaim.signon.SignOnFixtures.token;
import static org.essaim.signon.SignOnFixtures.workspace;
import static org.essaim.signon.SignOnFixtures.workspaceRedirect;

/**
 * A real relying party (Nimbus OAuth 2.0 SDK) against the provider: discovery, code with PKCE, ID token signatures
 * checked with the published keys (also across a key rotation), userinfo, rotated refresh tokens, and every way of
 * reaching another space's apps refused.
 */
@EssaimTest
class SingleSignOnFlowTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    SpaceMembers spaceMembers;

    @Autowired
    MutableClock clock;

    @Autowired
    SigningKeys keys;

    @Autowired
    Members members;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    SignOnProperties properties;

    @Autowired
    SecretSeal seal;

    @LocalServerPort
    int port;

    SignOnFixtures fixtures;
    OIDCProviderMetadata provider;
    Issuer issuer;

    @BeforeEach
    void discover() throws Exception {
        fixtures = new SignOnFixtures(context, port);
        issuer = new Issuer("http://localhost:" + port);
        provider = OIDCProviderMetadata.resolve(issuer); // checks that the document names this issuer
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** The browser (signed in) follows the authorization request: the code, or the error, at the redirect address. */
    private AuthorizationResponse authorize(WebClient browser, SignOnFixtures.Attempt attempt) throws Exception {
        HttpResponse<String> response = browser.get(attempt.path());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return AuthorizationResponse.parse(
                URI.create(response.headers().firstValue("Location").orElseThrow()));
    }

    private OIDCTokenResponse signIn(WebClient browser, String slug, String clientId, URI redirect) throws Exception {
        SignOnFixtures.Attempt attempt = attempt(provider, clientId, redirect);
        AuthorizationResponse response = authorize(browser, attempt);
        assertThat(response.indicatesSuccess()).as(String.valueOf(response)).isTrue();
        assertThat(response.getState()).isEqualTo(attempt.state());
        AuthorizationCode code = ((AuthorizationSuccessResponse) response).getAuthorizationCode();
        TokenResponse tokens = redeem(
                provider,
                clientId,
                secret(slug, clientId.endsWith("events") ? "events" : "workspace"),
                code,
                redirect,
                attempt.verifier());
        assertThat(tokens.indicatesSuccess())
                .as(String.valueOf(tokens.toHTTPResponse().getBody()))
                .isTrue();
        OIDCTokenResponse oidc = (OIDCTokenResponse) tokens;
        IDTokenClaimsSet claims =
                validator(clientId).validate(oidc.getOIDCTokens().getIDToken(), attempt.nonce());
        assertThat(claims.getAudience()).extracting(a -> a.getValue()).containsExactly(clientId);
        return oidc;
    }

    private IDTokenValidator validator(String clientId) throws Exception {
        // A fresh validator fetches the published keys (JWKS) as a relying party does.
        URL jwks = provider.getJWKSetURI().toURL();
        return new IDTokenValidator(issuer, new ClientID(clientId), JWSAlgorithm.RS256, jwks);
    }

    @Test
    void aMemberSignsInOnceAndBothAppsGetTokensThatSayWhoTheyAreInTheSpace() throws Exception {
        assertThat(provider.getCodeChallengeMethods())
                .extracting(Object::toString)
                .contains("S256");
        assertThat(provider.getEndSessionEndpointURI()).isNotNull();
        String slug = fixtures.spaceWithClients("sso");
        WebClient browser = fixtures.signedIn(slug, TestSpaces.ADMIN_UID);

        OIDCTokenResponse workspaceTokens = signIn(browser, slug, workspace(slug), workspaceRedirect(slug));
        // The second app: no sign-in page, straight to a code (single sign-on).
        OIDCTokenResponse eventsTokens = signIn(browser, slug, events(slug), eventsRedirect(slug));

        var claims = workspaceTokens.getOIDCTokens().getIDToken().getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(TestSpaces.ADMIN_UID + "@" + slug);
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo(TestSpaces.ADMIN_UID);
        assertThat(claims.getStringClaim("name")).isEqualTo("Camille Référente");
        assertThat(claims.getStringClaim("email")).isEqualTo(slug + "-referent@example.org");
        assertThat(claims.getStringClaim("space")).isEqualTo(slug);
        assertThat(claims.getBooleanClaim("space_admin")).isTrue();
        assertThat(eventsTokens.getOIDCTokens().getIDToken().getJWTClaimsSet().getSubject())
                .isEqualTo(claims.getSubject());

        UserInfoResponse userInfo = UserInfoResponse.parse(new UserInfoRequest(
                        provider.getUserInfoEndpointURI(),
                        workspaceTokens.getOIDCTokens().getBearerAccessToken())
                .toHTTPRequest()
                .send());
        assertThat(userInfo.indicatesSuccess()).isTrue();
        assertThat(userInfo.toSuccessResponse().getUserInfo().getPreferredUsername())
                .isEqualTo(TestSpaces.ADMIN_UID);
        assertThat(userInfo.toSuccessResponse().getUserInfo().getStringClaim("space"))
                .isEqualTo(slug);

        // The space's page says which apps sign in through Essaim, in both languages.
        assertThat(browser.get("/spaces/" + slug, "Accept-Language", "en").body())
                .contains("the workspace and the events service sign in through Essaim")
                .contains("The forum keeps its own sign-in");
        assertThat(browser.get("/spaces/" + slug, "Accept-Language", "fr").body())
                .contains("le service d’événements se connectent par Essaim")
                .contains("Le forum garde sa propre connexion");
    }

    /**
     * Discovery (both documents, parsed by Nimbus as a relying party does) names only what the provider does: code
     * with S256, refresh, the secret in the header or the form, RS256 ID tokens, plain bearer tokens, back-channel
     * logout with sessions. Every member of the documents is one of those expected, so nothing new appears unseen.
     */
    @Test
    void discoverySaysOnlyWhatTheProviderDoes() throws Exception {
        WebClient anyone = new WebClient(port);
        String openId = anyone.get("/.well-known/openid-configuration").body();
        OIDCProviderMetadata oidc = OIDCProviderMetadata.parse(openId);
        assertThat(JSONObjectUtils.parse(openId).keySet())
                .containsExactlyInAnyOrder(
                        "issuer",
                        "authorization_endpoint",
                        "token_endpoint",
                        "token_endpoint_auth_methods_supported",
                        "jwks_uri",
                        "userinfo_endpoint",
                        "end_session_endpoint",
                        "response_types_supported",
                        "grant_types_supported",
                        "revocation_endpoint",
                        "revocation_endpoint_auth_methods_supported",
                        "introspection_endpoint",
                        "introspection_endpoint_auth_methods_supported",
                        "code_challenge_methods_supported",
                        "subject_types_supported",
                        "id_token_signing_alg_values_supported",
                        "scopes_supported",
                        "claims_supported",
                        "backchannel_logout_supported",
                        "backchannel_logout_session_supported");
        String oauth = anyone.get("/.well-known/oauth-authorization-server").body();
        AuthorizationServerMetadata server = AuthorizationServerMetadata.parse(oauth);
        assertThat(JSONObjectUtils.parse(oauth).keySet())
                .containsExactlyInAnyOrder(
                        "issuer",
                        "authorization_endpoint",
                        "token_endpoint",
                        "token_endpoint_auth_methods_supported",
                        "jwks_uri",
                        "response_types_supported",
                        "grant_types_supported",
                        "revocation_endpoint",
                        "revocation_endpoint_auth_methods_supported",
                        "introspection_endpoint",
                        "introspection_endpoint_auth_methods_supported",
                        "code_challenge_methods_supported");
        for (AuthorizationServerMetadata metadata : List.of(oidc, server)) {
            assertThat(metadata.supportsTLSClientCertificateBoundAccessTokens()).isFalse();
            assertThat(metadata.getDPoPJWSAlgs()).isNull();
            assertThat(metadata.getGrantTypes())
                    .extracting(Object::toString)
                    .containsExactlyInAnyOrder("authorization_code", "refresh_token");
            assertThat(metadata.getResponseTypes()).extracting(Object::toString).containsExactly("code");
            assertThat(metadata.getCodeChallengeMethods())
                    .extracting(Object::toString)
                    .containsExactly("S256");
            for (var methods : List.of(
                    metadata.getTokenEndpointAuthMethods(),
                    metadata.getRevocationEndpointAuthMethods(),
                    metadata.getIntrospectionEndpointAuthMethods())) {
                assertThat(methods)
                        .extracting(ClientAuthenticationMethod::getValue)
                        .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post");
            }
        }
        assertThat(oidc.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.RS256);
        assertThat(oidc.getSubjectTypes()).extracting(Object::toString).containsExactly("public");
        assertThat(oidc.getScopes().toStringList()).containsExactlyInAnyOrder("openid", "profile", "email");
        assertThat(oidc.getClaims())
                .contains("sub", "sid", "preferred_username", "name", "email", "space", "space_admin");
        assertThat(oidc.supportsBackChannelLogout()).isTrue();
        assertThat(oidc.supportsBackChannelLogoutSession()).isTrue();
        assertThat(oidc.supportsFrontChannelLogout()).isFalse();
    }

    @Test
    void pkceIsRequiredAndRefreshTokensAreRotated() throws Exception {
        String slug = fixtures.spaceWithClients("ssr");
        WebClient browser = fixtures.signedIn(slug, TestSpaces.ADMIN_UID);
        SignOnFixtures.Attempt plain = attempt(provider, workspace(slug), workspaceRedirect(slug));
        String withoutPkce = plain.path().replaceAll("&?code_challenge(_method)?=[^&]*", "");
        HttpResponse<String> refused = browser.get(withoutPkce);
        assertThat(refused.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l)
                        .startsWith(workspaceRedirect(slug).toString())
                        .contains("error=invalid_request"));

        OIDCTokenResponse tokens = signIn(browser, slug, workspace(slug), workspaceRedirect(slug));
        RefreshToken first = tokens.getOIDCTokens().getRefreshToken();
        TokenResponse refreshed =
                token(provider, workspace(slug), secret(slug, "workspace"), new RefreshTokenGrant(first));
        assertThat(refreshed.indicatesSuccess()).isTrue();
        RefreshToken second = refreshed.toSuccessResponse().getTokens().getRefreshToken();
        assertThat(second).isNotNull().isNotEqualTo(first);
        TokenResponse reused =
                token(provider, workspace(slug), secret(slug, "workspace"), new RefreshTokenGrant(first));
        assertThat(reused.indicatesSuccess())
                .as("a used refresh token is spent")
                .isFalse();
        TokenResponse wrongSecret = token(provider, workspace(slug), "not-the-secret", new RefreshTokenGrant(second));
        assertThat(((TokenErrorResponse) wrongSecret).getErrorObject().getCode())
                .isEqualTo(OAuth2Error.INVALID_CLIENT.getCode());
    }

    /** As Mobilizon 5.1.0's Keycloak strategy asks: no code challenge, no nonce. */
    private AuthorizationResponse withoutProofKey(WebClient browser, String clientId, URI redirect, State state)
            throws Exception {
        AuthorizationRequest request = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(clientId))
                .scope(new Scope("openid", "email", "profile"))
                .redirectionURI(redirect)
                .state(state)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .build();
        URI uri = request.toURI();
        assertThat(uri.getRawQuery()).doesNotContain("code_challenge");
        HttpResponse<String> response = browser.get(uri.getRawPath() + "?" + uri.getRawQuery());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return AuthorizationResponse.parse(
                URI.create(response.headers().firstValue("Location").orElseThrow()));
    }

    @Test
    void theEventsServiceSignsInWithoutAProofKeyButTheWorkspaceCannot() throws Exception {
        // Discovery names only what the clients accept: their secret, in the header or in the form.
        assertThat(provider.getTokenEndpointAuthMethods())
                .extracting(ClientAuthenticationMethod::getValue)
                .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post");
        assertThat(AuthorizationServerMetadata.resolve(issuer).getTokenEndpointAuthMethods())
                .extracting(ClientAuthenticationMethod::getValue)
                .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post");
        String slug = fixtures.spaceWithClients("sse");
        WebClient browser = fixtures.signedIn(slug, TestSpaces.ADMIN_UID);

        State state = new State();
        AuthorizationResponse response = withoutProofKey(browser, events(slug), eventsRedirect(slug), state);
        assertThat(response.indicatesSuccess()).as(String.valueOf(response)).isTrue();
        assertThat(response.getState()).isEqualTo(state);
        AuthorizationCode code = ((AuthorizationSuccessResponse) response).getAuthorizationCode();
        TokenResponse tokens = token(
                provider, events(slug), secret(slug, "events"), new AuthorizationCodeGrant(code, eventsRedirect(slug)));
        assertThat(tokens.indicatesSuccess())
                .as(tokens.toHTTPResponse().getBody())
                .isTrue();
        BearerAccessToken bearer = tokens.toSuccessResponse().getTokens().getBearerAccessToken();
        UserInfoResponse userInfo =
                UserInfoResponse.parse(new UserInfoRequest(provider.getUserInfoEndpointURI(), bearer)
                        .toHTTPRequest()
                        .send());
        assertThat(userInfo.indicatesSuccess()).isTrue();
        // Mobilizon links the sign-in to an account by this address: the person's mail in the directory.
        String mail =
                spaceMembers.find(slug, TestSpaces.ADMIN_UID).orElseThrow().email();
        assertThat(mail).isEqualTo(slug + "-referent@example.org");
        assertThat(userInfo.toSuccessResponse().getUserInfo().getEmailAddress()).isEqualTo(mail);
        // The code is spent: a second exchange is refused.
        assertThat(token(
                                provider,
                                events(slug),
                                secret(slug, "events"),
                                new AuthorizationCodeGrant(code, eventsRedirect(slug)))
                        .indicatesSuccess())
                .isFalse();

        // The workspace's client still needs a proof key.
        AuthorizationResponse workspace =
                withoutProofKey(browser, workspace(slug), workspaceRedirect(slug), new State());
        assertThat(workspace.indicatesSuccess()).isFalse();
        assertThat(((AuthorizationErrorResponse) workspace).getErrorObject().getCode())
                .isEqualTo(OAuth2Error.INVALID_REQUEST.getCode());
    }

    @Test
    void idTokensVerifyWithThePublishedKeysAcrossAKeyRotation() throws Exception {
        String slug = fixtures.spaceWithClients("ssk");
        WebClient browser = fixtures.signedIn(slug, TestSpaces.ADMIN_UID);
        OIDCTokenResponse before = signIn(browser, slug, workspace(slug), workspaceRedirect(slug));
        String oldKid =
                ((SignedJWT) before.getOIDCTokens().getIDToken()).getHeader().getKeyID();

        pastTheNextRotation();
        keys.rotateIfDue();
        clock.advance(properties.keyPrePublication()); // the new key signs once it has been published long enough
        TokenResponse refreshed = token(
                provider,
                workspace(slug),
                secret(slug, "workspace"),
                new RefreshTokenGrant(before.getOIDCTokens().getRefreshToken()));
        assertThat(refreshed.indicatesSuccess())
                .as(refreshed.toHTTPResponse().getBody())
                .isTrue();
        JWT after = ((OIDCTokenResponse) refreshed).getOIDCTokens().getIDToken();
        assertThat(((SignedJWT) after).getHeader().getKeyID()).isNotEqualTo(oldKid);
        // Both verify against the published set: the new key signs, the previous one is still there.
        validator(workspace(slug)).validate(after, null);
        validator(workspace(slug)).validate(before.getOIDCTokens().getIDToken(), null);
        assertThat(keys.published().getKeys())
                .extracting(k -> k.getKeyID())
                .contains(oldKid)
                .allSatisfy(
                        kid -> assertThat(keys.published().getKeyByKeyId(kid).isPrivate())
                                .isFalse());
    }

    /**
     * Moves the clock past the rotation of the newest key in the database: the run's tests share it, and some leave a
     * key made at a later time of their clock.
     */
    private void pastTheNextRotation() {
        OffsetDateTime newest = db.select(DSL.max(SIGN_ON_SIGNING_KEY.CREATED_AT))
                .from(SIGN_ON_SIGNING_KEY)
                .fetchOne(0, OffsetDateTime.class);
        Duration ahead = Duration.between(clock.instant(), newest.toInstant());
        clock.advance((ahead.isNegative() ? Duration.ZERO : ahead)
                .plus(properties.keyRotation())
                .plusMinutes(1));
    }

    private static String kid(JWT token) {
        return ((SignedJWT) token).getHeader().getKeyID();
    }

    private static List<String> kids(JWKSet set) {
        return set.getKeys().stream().map(JWK::getKeyID).toList();
    }

    /**
     * A rotation as user_oidc needs it (it keeps the published keys an hour and does not fetch them again for a key
     * it does not know): the new key is in the JWKS, on every replica, before anything is signed with it; during the
     * pre-publication period the previous key signs (ID tokens, refreshed ones, logout tokens), on both replicas;
     * after it the new one does, on both, and the previous stays published until what it signed has expired.
     */
    @Test
    void aNewKeyIsPublishedBeforeItSignsOnEveryReplica() throws Exception {
        SigningKeys other =
                new SigningKeys(db, transaction, clock, properties, seal); // a second replica, same database
        String slug = fixtures.spaceWithClients("ssr");
        pastTheNextRotation();
        String old = keys.currentKid();
        assertThat(other.currentKid()).isEqualTo(old);

        other.rotateIfDue(); // the other replica's job rotates
        String fresh = db.select(SIGN_ON_SIGNING_KEY.KID)
                .from(SIGN_ON_SIGNING_KEY)
                .orderBy(SIGN_ON_SIGNING_KEY.CREATED_AT.desc())
                .limit(1)
                .fetchOne(SIGN_ON_SIGNING_KEY.KID);
        assertThat(fresh).isNotEqualTo(old);
        clock.advance(Duration.ofSeconds(11)); // past a replica's re-reading of the keys
        assertThat(kids(JWKSet.load(provider.getJWKSetURI().toURL()))).contains(old, fresh);
        assertThat(kids(keys.published())).contains(old, fresh);
        assertThat(kids(other.published())).contains(old, fresh);

        // Pre-publication: whatever is signed, on either replica, names the previous key.
        WebClient browser = fixtures.signedIn(slug, TestSpaces.ADMIN_UID);
        OIDCTokenResponse during = signIn(browser, slug, workspace(slug), workspaceRedirect(slug));
        assertThat(kid(during.getOIDCTokens().getIDToken())).isEqualTo(old);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("anyone").build();
        assertThat(kid(SignedJWT.parse(other.sign(claims, BackChannelLogoutDelivery.LOGOUT_TOKEN_TYPE))))
                .isEqualTo(old);
        clock.advance(properties.keyPrePublication().minusMinutes(1)); // its last minute
        assertThat(keys.currentKid()).isEqualTo(old);
        assertThat(other.currentKid()).isEqualTo(old);
        TokenResponse late = token(
                provider,
                workspace(slug),
                secret(slug, "workspace"),
                new RefreshTokenGrant(during.getOIDCTokens().getRefreshToken()));
        assertThat(late.indicatesSuccess()).as(late.toHTTPResponse().getBody()).isTrue();
        JWT lateToken = ((OIDCTokenResponse) late).getOIDCTokens().getIDToken();
        assertThat(kid(lateToken)).isEqualTo(old);

        // After it: the new key signs, on both replicas, and the previous one still verifies what it signed.
        clock.advance(Duration.ofMinutes(2));
        assertThat(keys.currentKid()).isEqualTo(fresh);
        assertThat(other.currentKid()).isEqualTo(fresh);
        TokenResponse after = token(
                provider,
                workspace(slug),
                secret(slug, "workspace"),
                new RefreshTokenGrant(((OIDCTokenResponse) late).getOIDCTokens().getRefreshToken()));
        assertThat(after.indicatesSuccess())
                .as(after.toHTTPResponse().getBody())
                .isTrue();
        JWT afterToken = ((OIDCTokenResponse) after).getOIDCTokens().getIDToken();
        assertThat(kid(afterToken)).isEqualTo(fresh);
        assertThat(kid(SignedJWT.parse(other.sign(claims, BackChannelLogoutDelivery.LOGOUT_TOKEN_TYPE))))
                .isEqualTo(fresh);
        validator(workspace(slug)).validate(afterToken, null);
        validator(workspace(slug)).validate(lateToken, null);
        keys.rotateIfDue();
        assertThat(kids(JWKSet.load(provider.getJWKSetURI().toURL()))).contains(old, fresh);

        // Once an ID token it signed last (30 minutes) has expired, the previous key goes.
        clock.advance(SigningKeys.ID_TOKEN_LIFETIME.plusMinutes(6));
        keys.rotateIfDue();
        assertThat(kids(keys.published())).contains(fresh).doesNotContain(old);
        assertThat(kids(other.published())).contains(fresh).doesNotContain(old);
    }

    /**
     * A replica whose sealing key is not the others' opens none of the keys: it makes none of its own (the others could
     * not publish it, so apps would fail now and then), rotates none, signs nothing, and is not ready until fixed.
     */
    @Test
    void aReplicaWithAnotherSealingKeySignsNothingAndIsNotReady() {
        assertThat(keys.currentKid()).isNotNull();
        SigningKeys misconfigured = new SigningKeys(
                db, transaction, clock, properties, TestSeals.another(context.getBean(DataDirectory.class)));
        assertThat(misconfigured.opensTheKeys()).isFalse();
        assertThatThrownBy(misconfigured::currentKid).hasMessageContaining("ESSAIM_TWO_STEP_KEY");
        assertThat(misconfigured.published().getKeys()).isEmpty();

        pastTheNextRotation();
        misconfigured.rotateIfDue();
        OffsetDateTime newest = db.select(DSL.max(SIGN_ON_SIGNING_KEY.CREATED_AT))
                .from(SIGN_ON_SIGNING_KEY)
                .fetchOne(0, OffsetDateTime.class);
        assertThat(newest.toInstant())
                .as("no key of its own")
                .isBefore(clock.instant().minus(properties.keyRotation()));
        assertThat(new SigningKeysHealthIndicator(misconfigured).health().getStatus())
                .isEqualTo(Status.DOWN);
        assertThat(new SigningKeysHealthIndicator(keys).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void nothingOfSpaceAReachesSpaceB() throws Exception {
        String a = fixtures.spaceWithClients("ssa");
        String b = fixtures.spaceWithClients("ssb");
        WebClient browser = fixtures.signedIn(a, TestSpaces.ADMIN_UID);

        // B's client while signed in to A: a page that says so, no code.
        HttpResponse<String> other = browser.get(
                attempt(provider, workspace(b), workspaceRedirect(b)).path());
        assertThat(other.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/sign-on/other-account?space=" + b));
        HttpResponse<String> page = browser.get("/sign-on/other-account?space=" + b, "Accept-Language", "en");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("You are signed in to the space " + a).contains(b);
        assertThat(browser.get("/sign-on/other-account?space=" + b, "Accept-Language", "fr")
                        .body())
                .contains("Vous êtes connecté·e à l’espace " + a);

        // A's client with B's redirect address (or any unregistered one): refused on the provider, nothing sent there.
        HttpResponse<String> forged = browser.get(
                attempt(provider, workspace(a), workspaceRedirect(b)).path());
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.headers().firstValue("Location")).isEmpty();
        HttpResponse<String> unregistered =
                browser.get(attempt(provider, workspace(a), URI.create("https://evil.example/apps/user_oidc/code"))
                        .path());
        assertThat(unregistered.statusCode()).isEqualTo(400);

        // A's code redeemed by B's client.
        SignOnFixtures.Attempt attempt = attempt(provider, workspace(a), workspaceRedirect(a));
        AuthorizationCode code = ((AuthorizationSuccessResponse) authorize(browser, attempt)).getAuthorizationCode();
        TokenResponse stolen =
                redeem(provider, workspace(b), secret(b, "workspace"), code, workspaceRedirect(a), attempt.verifier());
        assertThat(((TokenErrorResponse) stolen).getErrorObject().getCode())
                .isEqualTo(OAuth2Error.INVALID_GRANT.getCode());

        // A's ID token presented to B: its audience is A's client.
        OIDCTokenResponse tokens = signIn(browser, a, workspace(a), workspaceRedirect(a));
        JWT idToken = tokens.getOIDCTokens().getIDToken();
        assertThatThrownBy(() -> validator(workspace(b)).validate(idToken, null))
                .hasMessageContaining("audience");
        assertThat(SignedJWT.parse(tokens.getOIDCTokens().getAccessToken().getValue())
                        .getJWTClaimsSet()
                        .getAudience())
                .containsExactly(workspace(a));

        // Staff are no space's people.
        WebClient staff = new WebClient(port);
        Staff.ensure(staffAccounts, "sso-staff", "Sam Staff", SignOnFixtures.PASSWORD);
        assertThat(staff.signIn("sso-staff", SignOnFixtures.PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/staff"));
        HttpResponse<String> asStaff =
                staff.get(attempt(provider, workspace(a), workspaceRedirect(a)).path());
        assertThat(asStaff.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/sign-on/other-account"));
    }

    @Test
    void notSignedInTheAppSendsThePersonToTheSignInPageOfItsSpace() throws Exception {
        String slug = fixtures.spaceWithClients("ssl");
        WebClient browser = new WebClient(port);
        SignOnFixtures.Attempt attempt = attempt(provider, workspace(slug), workspaceRedirect(slug));
        HttpResponse<String> first = browser.get(attempt.path());
        assertThat(first.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?space=" + slug));
        HttpResponse<String> signedIn = browser.submit(
                "/login?space=" + slug,
                "/login",
                Map.of("space", slug, "username", TestSpaces.ADMIN_UID, "password", SignOnFixtures.PASSWORD));
        String back = signedIn.headers().firstValue("Location").orElseThrow();
        assertThat(back).contains("/oauth2/authorize");
        HttpResponse<String> code = browser.get(
                URI.create(back).getRawPath() + "?" + URI.create(back).getRawQuery());
        AuthorizationResponse response = AuthorizationResponse.parse(
                URI.create(code.headers().firstValue("Location").orElseThrow()));
        assertThat(response.indicatesSuccess()).isTrue();
    }

    @Test
    void aDisabledPersonIsRefusedAtTheNextRefreshAndLosesTheirAuthorizations() throws Exception {
        String slug = fixtures.spaceWithClients("ssd");
        spaceMembers.create(slug, "dana", "Dana", slug + "-dana@example.org");
        spaceMembers.setPassword(slug, "dana", SignOnFixtures.PASSWORD, TestSpaces.name(slug));
        WebClient browser = fixtures.signedIn(slug, "dana");
        OIDCTokenResponse tokens = signIn(browser, slug, workspace(slug), workspaceRedirect(slug));
        assertThat(tokens.getOIDCTokens().getIDToken().getJWTClaimsSet().getBooleanClaim("space_admin"))
                .isFalse();

        // Disabled in the directory by any means: the refresh checks the directory.
        spaceMembers.disable(slug, "dana");
        TokenResponse refused = token(
                provider,
                workspace(slug),
                secret(slug, "workspace"),
                new RefreshTokenGrant(tokens.getOIDCTokens().getRefreshToken()));
        assertThat(((TokenErrorResponse) refused).getErrorObject().getCode())
                .isEqualTo(OAuth2Error.INVALID_GRANT.getCode());

        // Enabled again and signed in again, then disabled by an admin: every authorization goes at once.
        spaceMembers.enable(slug, "dana");
        WebClient again = fixtures.signedIn(slug, "dana");
        OIDCTokenResponse second = signIn(again, slug, workspace(slug), workspaceRedirect(slug));
        members.apply(slug, "dana", Members.Action.DISABLE, TestSpaces.ADMIN_UID + "@" + slug);
        TokenResponse gone = token(
                provider,
                workspace(slug),
                secret(slug, "workspace"),
                new RefreshTokenGrant(second.getOIDCTokens().getRefreshToken()));
        assertThat(gone.indicatesSuccess()).isFalse();
        UserInfoResponse userInfo = UserInfoResponse.parse(new UserInfoRequest(
                        provider.getUserInfoEndpointURI(),
                        second.getOIDCTokens().getBearerAccessToken())
                .toHTTPRequest()
                .send());
        assertThat(userInfo.indicatesSuccess())
                .as("the access token's authorization is gone")
                .isFalse();
    }
}
