package org.essaim.signon;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * The OpenID Connect provider's settings ({@code essaim.sign-on.*}); defaults in application.yml.
 *
 * @param keyRotation          a new signing key after this long; the previous one stays published until every token
 *                             it signed has expired
 * @param accessTokenLifetime  access and ID tokens
 * @param refreshTokenLifetime refresh tokens (rotated on each use)
 * @param localClients         clients for trying a real app on this machine (its redirect address on 127.0.0.1, a
 *                             secret's SHA-256 of your choosing), in place of what the provisioner reports; each
 *                             must still be {@code space-<slug>-<app>} of an open space
 */
@ConfigurationProperties("essaim.sign-on")
public record SignOnProperties(Duration keyRotation, Duration accessTokenLifetime, Duration refreshTokenLifetime,
                               List<LocalClient> localClients) {

    public SignOnProperties {
        keyRotation = keyRotation == null ? Duration.ofDays(30) : keyRotation;
        accessTokenLifetime = accessTokenLifetime == null ? Duration.ofMinutes(10) : accessTokenLifetime;
        refreshTokenLifetime = refreshTokenLifetime == null ? Duration.ofHours(12) : refreshTokenLifetime;
        localClients = localClients == null ? List.of() : List.copyOf(localClients);
    }

    public record LocalClient(String clientId, String secretSha256, String redirectUri, String postLogoutRedirectUri,
                              String backChannelLogoutUri) {
    }
}
