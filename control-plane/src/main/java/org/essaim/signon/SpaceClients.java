package org.essaim.signon;

import org.essaim.provisioner.ProvisionerSettings;
import org.essaim.space.SpaceFleet;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.SingleSignOn;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The provider's clients, built on each request from the spaces themselves: a space's apps as
 * {@link SingleSignOn#clients} names them, with the secrets' SHA-256s from the space's last provisioning status.
 * Nothing is registered by hand, so a client cannot outlive its space: a suspended or deleted space's clients, or
 * one whose secret the provisioner has not reported yet, do not exist. The registered id is the client id.
 */
@Component
public class SpaceClients implements RegisteredClientRepository {

    /** A client's back-channel logout address, in its settings; absent where the app has none. */
    static final String BACK_CHANNEL_LOGOUT_URI = "essaim.back-channel-logout-uri";

    private final SpaceFleet fleet;
    private final ProvisionerSettings provisioner;
    private final SignOnProperties properties;

    SpaceClients(SpaceFleet fleet, ProvisionerSettings provisioner, SignOnProperties properties) {
        this.fleet = fleet;
        this.provisioner = provisioner;
        this.properties = properties;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("Clients come from the spaces' status, never registered by hand");
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return find(clientId).orElse(null);
    }

    Optional<RegisteredClient> find(String clientId) {
        Optional<ClientName> name = ClientName.parse(clientId);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String slug = name.get().slug();
        SpaceFleet.Member space = fleet.find(List.of(slug)).get(slug);
        if (space == null || space.suspended() || space.deleted()) {
            return Optional.empty();
        }
        Optional<SingleSignOn.Client> client = SingleSignOn.clients(space.spec(), provisioner.platform()).stream()
                .filter(c -> c.clientId().equals(clientId))
                .findFirst();
        if (client.isEmpty()) {
            return Optional.empty(); // the app is off (events), or not one that signs in through Essaim
        }
        Optional<SignOnProperties.LocalClient> local = properties.localClients().stream()
                .filter(c -> clientId.equals(c.clientId()))
                .findFirst();
        List<String> hashes = new ArrayList<>();
        List<String> redirects = client.get().redirectUris();
        List<String> afterLogout = client.get().postLogoutRedirectUris();
        String backChannel = client.get().backChannelLogoutUri();
        if (local.isPresent()) {
            hashes.add(local.get().secretSha256());
            redirects = List.of(local.get().redirectUri());
            afterLogout = local.get().postLogoutRedirectUri() == null
                    ? List.of()
                    : List.of(local.get().postLogoutRedirectUri());
            backChannel = local.get().backChannelLogoutUri();
        } else {
            SpaceStatus status = fleet.statuses(List.of(slug)).get(slug);
            if (status != null && status.singleSignOn() != null) {
                status.singleSignOn().stream()
                        .filter(s -> s.clientId().equals(clientId))
                        .forEach(s -> hashes.addAll(s.secretSha256()));
            }
        }
        hashes.removeIf(h -> h == null || !h.matches("[0-9a-f]{64}"));
        if (hashes.isEmpty()) {
            return Optional.empty();
        }
        // PKCE for the workspace (user_oidc sends S256); not for the events service: Mobilizon 5.1.0's Keycloak
        // strategy sends no code challenge. That client is confidential, its secret authenticates the code exchange,
        // and a challenge it would send is still checked.
        boolean proofKey = !SingleSignOn.EVENTS.equals(name.get().app());
        ClientSettings.Builder settings = ClientSettings.builder()
                .requireProofKey(proofKey)
                // The apps are the space's own: signing in to them needs no consent screen.
                .requireAuthorizationConsent(false);
        if (backChannel != null) {
            settings.setting(BACK_CHANNEL_LOGOUT_URI, backChannel);
        }
        List<String> redirectUris = redirects;
        List<String> postLogoutUris = afterLogout;
        return Optional.of(RegisteredClient.withId(clientId)
                .clientId(clientId)
                .clientName(space.spec().displayName() + " (" + name.get().app() + ")")
                .clientSecret(String.join(",", hashes))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(uris -> uris.addAll(redirectUris))
                .postLogoutRedirectUris(uris -> uris.addAll(postLogoutUris))
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .scope(OidcScopes.EMAIL)
                .clientSettings(settings.build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(properties.accessTokenLifetime())
                        .refreshTokenTimeToLive(properties.refreshTokenLifetime())
                        .reuseRefreshTokens(false)
                        .idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
                        .build())
                .build());
    }
}
