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
 * @param backChannelLogout    how logout tokens are delivered to the apps that take them
 */
@ConfigurationProperties("essaim.sign-on")
public record SignOnProperties(Duration keyRotation, Duration accessTokenLifetime, Duration refreshTokenLifetime,
                               List<LocalClient> localClients, BackChannelLogout backChannelLogout) {

    public SignOnProperties {
        keyRotation = keyRotation == null ? Duration.ofDays(30) : keyRotation;
        accessTokenLifetime = accessTokenLifetime == null ? Duration.ofMinutes(10) : accessTokenLifetime;
        refreshTokenLifetime = refreshTokenLifetime == null ? Duration.ofHours(12) : refreshTokenLifetime;
        localClients = localClients == null ? List.of() : List.copyOf(localClients);
        backChannelLogout = backChannelLogout == null ? new BackChannelLogout(null, null, 0, 0) : backChannelLogout;
    }

    /**
     * @param interval    how often the delivery job looks for logout tokens due (one replica at a time)
     * @param timeout     the longest one delivery may take, connecting and answering together
     * @param attempts    how many times a token is tried before it is given up (audited); back-off in between
     * @param batchSize   tokens per run of the job
     */
    public record BackChannelLogout(Duration interval, Duration timeout, int attempts, int batchSize) {
        public BackChannelLogout {
            interval = interval == null ? Duration.ofSeconds(5) : interval;
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            attempts = attempts <= 0 ? 10 : attempts;
            batchSize = batchSize <= 0 ? 20 : batchSize;
        }
    }

    public record LocalClient(String clientId, String secretSha256, String redirectUri, String postLogoutRedirectUri,
                              String backChannelLogoutUri) {
    }
}
