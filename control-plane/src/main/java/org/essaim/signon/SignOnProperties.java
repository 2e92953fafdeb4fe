package org.essaim.signon;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * The OpenID Connect provider's settings ({@code essaim.sign-on.*}): Essaim is the provider of every space's apps,
 * its issuer the public address ({@code essaim.public-url}).
 *
 * @param keyRotation          a new signing key after this long; the previous one stays published until every token
 *                             it signed has expired
 * @param keyPrePublication    how long a new signing key is published before it signs anything (the previous one
 *                             signs meanwhile): longer than any app keeps the published keys cached (user_oidc an
 *                             hour, without fetching them again for a key it does not know); shorter than
 *                             {@code keyRotation}
 * @param accessTokenLifetime  access and ID tokens
 * @param refreshTokenLifetime refresh tokens (rotated on each use)
 * @param localClients         clients for trying a real app on this machine (its redirect address on 127.0.0.1, a
 *                             secret's SHA-256 of your choosing), in place of what the provisioner reports; each
 *                             must still be {@code space-<slug>-<app>} of an open space
 * @param backChannelLogout    how logout tokens are delivered to the apps that take them
 */
@ConfigurationProperties("essaim.sign-on")
public record SignOnProperties(
        @DefaultValue("30d") Duration keyRotation,
        @DefaultValue("1d") Duration keyPrePublication,
        @DefaultValue("10m") Duration accessTokenLifetime,
        @DefaultValue("12h") Duration refreshTokenLifetime,
        @DefaultValue List<LocalClient> localClients,
        @DefaultValue BackChannelLogout backChannelLogout) {

    public SignOnProperties {
        InvalidSetting.positive("essaim.sign-on.key-rotation", keyRotation);
        InvalidSetting.positive("essaim.sign-on.key-pre-publication", keyPrePublication);
        if (keyPrePublication.compareTo(keyRotation) >= 0) {
            throw new InvalidSetting(
                    "essaim.sign-on.key-pre-publication",
                    "must be shorter than essaim.sign-on.key-rotation (" + keyRotation + "), not " + keyPrePublication);
        }
        InvalidSetting.positive("essaim.sign-on.access-token-lifetime", accessTokenLifetime);
        InvalidSetting.positive("essaim.sign-on.refresh-token-lifetime", refreshTokenLifetime);
        localClients = List.copyOf(localClients);
    }

    /**
     * {@code essaim.sign-on.back-channel-logout.*}: logout tokens to the apps that take them, tried with back-off (30 s
     * doubling, at most 6 h apart).
     *
     * @param interval  how often the delivery job looks for logout tokens due (one replica at a time)
     * @param timeout   the longest one delivery may take, connecting and answering together
     * @param attempts  how many times a token is tried before it is given up (audited)
     * @param batchSize tokens per run of the job
     */
    public record BackChannelLogout(
            @DefaultValue("5s") Duration interval,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("10") int attempts,
            @DefaultValue("20") int batchSize) {
        public BackChannelLogout {
            InvalidSetting.positive("essaim.sign-on.back-channel-logout.interval", interval);
            InvalidSetting.positive("essaim.sign-on.back-channel-logout.timeout", timeout);
            InvalidSetting.atLeast("essaim.sign-on.back-channel-logout.attempts", attempts, 1);
            InvalidSetting.atLeast("essaim.sign-on.back-channel-logout.batch-size", batchSize, 1);
        }
    }

    public record LocalClient(
            String clientId,
            String secretSha256,
            String redirectUri,
            String postLogoutRedirectUri,
            String backChannelLogoutUri) {}
}
