package org.essaim.signon;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import org.essaim.ldap.SpaceMembers;
import org.essaim.member.TestSpaces;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.signon.SignOnFixtures.events;
import static org.essaim.signon.SignOnFixtures.eventsRedirect;
import static org.essaim.signon.SignOnFixtures.secret;
import static org.essaim.signon.SignOnFixtures.token;
import static org.essaim.signon.SignOnFixtures.workspace;
import static org.essaim.signon.SignOnFixtures.workspaceRedirect;

/**
 * Signing out of a session (Essaim's sign-out, or an app's RP-initiated logout) revokes the apps' tokens granted in
 * it: a refresh is refused ({@code invalid_grant}) and the access token no longer reads userinfo, for every app of
 * that session. The same person's other session (their phone) and another person keep theirs
 * (security/DECISIONS.md). Nimbus is the relying party.
 */
@EssaimTest
class SignOutRevokesTokensTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    SpaceMembers spaceMembers;

    @LocalServerPort
    int port;

    SignOnFixtures fixtures;
    OIDCProviderMetadata provider;

    @BeforeEach
    void discover() throws Exception {
        fixtures = new SignOnFixtures(context, port);
        provider = OIDCProviderMetadata.resolve(new Issuer("http://localhost:" + port));
    }

    @Test
    void signingOutOfEssaimRevokesThatSessionsTokensAndNoOneElses() throws Exception {
        String slug = fixtures.spaceWithClients("sor");
        person(slug, "eli");
        WebClient laptop = fixtures.signedIn(slug, "eli");
        WebClient phone = fixtures.signedIn(slug, "eli");
        WebClient camille = fixtures.signedIn(slug, TestSpaces.ADMIN_UID);
        OIDCTokenResponse laptopWorkspace = tokens(laptop, slug, workspace(slug), workspaceRedirect(slug));
        OIDCTokenResponse laptopEvents = tokens(laptop, slug, events(slug), eventsRedirect(slug));
        OIDCTokenResponse phoneWorkspace = tokens(phone, slug, workspace(slug), workspaceRedirect(slug));
        OIDCTokenResponse camilleWorkspace = tokens(camille, slug, workspace(slug), workspaceRedirect(slug));
        // A refreshed token of that session (the rotated refresh token, a refreshed ID token) is of it too.
        RefreshToken laptopLatest =
                refreshed(slug, workspace(slug), laptopWorkspace.getOIDCTokens().getRefreshToken());

        HttpResponse<String> signedOut = laptop.submit("/spaces/" + slug, "/logout", Map.of());
        assertThat(signedOut.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/?signedOut"));

        assertRefused(slug, workspace(slug), laptopLatest);
        assertRefused(slug, events(slug), laptopEvents.getOIDCTokens().getRefreshToken());
        assertThat(userInfo(laptopEvents).indicatesSuccess())
                .as("the events service's access token")
                .isFalse();
        // The person's phone, and another person, go on.
        assertThat(userInfo(phoneWorkspace).indicatesSuccess()).isTrue();
        refreshed(slug, workspace(slug), phoneWorkspace.getOIDCTokens().getRefreshToken());
        refreshed(slug, workspace(slug), camilleWorkspace.getOIDCTokens().getRefreshToken());
    }

    @Test
    void anAppsLogoutRequestRevokesThatSessionsTokens() throws Exception {
        String slug = fixtures.spaceWithClients("sol");
        person(slug, "fanny");
        WebClient browser = fixtures.signedIn(slug, "fanny");
        WebClient phone = fixtures.signedIn(slug, "fanny");
        OIDCTokenResponse workspaceTokens = tokens(browser, slug, workspace(slug), workspaceRedirect(slug));
        OIDCTokenResponse eventsTokens = tokens(browser, slug, events(slug), eventsRedirect(slug));
        OIDCTokenResponse phoneTokens = tokens(phone, slug, workspace(slug), workspaceRedirect(slug));

        URI afterLogout = workspaceRedirect(slug).resolve("/");
        URI logout = new LogoutRequest(
                        provider.getEndSessionEndpointURI(),
                        workspaceTokens.getOIDCTokens().getIDToken(),
                        afterLogout,
                        null)
                .toURI();
        HttpResponse<String> response = browser.get(logout.getRawPath() + "?" + logout.getRawQuery());
        assertThat(response.headers().firstValue("Location"))
                .as(response.body())
                .hasValue(afterLogout.toString());

        assertRefused(slug, workspace(slug), workspaceTokens.getOIDCTokens().getRefreshToken());
        assertRefused(slug, events(slug), eventsTokens.getOIDCTokens().getRefreshToken());
        refreshed(slug, workspace(slug), phoneTokens.getOIDCTokens().getRefreshToken());
    }

    // ----------------------------------------------------------------------------------------------------------

    private void person(String slug, String uid) {
        spaceMembers.create(slug, uid, uid, slug + "-" + uid + "@example.org");
        spaceMembers.setPassword(slug, uid, SignOnFixtures.PASSWORD, TestSpaces.name(slug));
    }

    private OIDCTokenResponse tokens(WebClient browser, String slug, String clientId, URI redirect) throws Exception {
        return SignOnFixtures.tokens(provider, browser, slug, clientId, redirect);
    }

    /** Refreshes (which must succeed) and gives the new refresh token. */
    private RefreshToken refreshed(String slug, String clientId, RefreshToken refreshToken) throws Exception {
        TokenResponse response = token(
                provider, clientId, secret(slug, SignOnFixtures.app(clientId)), new RefreshTokenGrant(refreshToken));
        assertThat(response.indicatesSuccess())
                .as(response.toHTTPResponse().getBody())
                .isTrue();
        RefreshToken next = ((OIDCTokenResponse) response).getOIDCTokens().getRefreshToken();
        return next != null ? next : refreshToken;
    }

    private void assertRefused(String slug, String clientId, RefreshToken refreshToken) throws Exception {
        TokenResponse response = token(
                provider, clientId, secret(slug, SignOnFixtures.app(clientId)), new RefreshTokenGrant(refreshToken));
        assertThat(response.indicatesSuccess())
                .as("refresh of %s after signing out", clientId)
                .isFalse();
        assertThat(((TokenErrorResponse) response).getErrorObject().getCode())
                .isEqualTo(OAuth2Error.INVALID_GRANT.getCode());
    }

    private UserInfoResponse userInfo(OIDCTokenResponse tokens) throws Exception {
        return UserInfoResponse.parse(new UserInfoRequest(
                        provider.getUserInfoEndpointURI(),
                        tokens.getOIDCTokens().getBearerAccessToken())
                .toHTTPRequest()
                .send());
    }
}
