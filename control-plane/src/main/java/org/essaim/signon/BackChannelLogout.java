package org.essaim.signon;

import org.essaim.platform.EssaimProperties;
import org.essaim.security.SpaceAccountSignedOut;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.essaim.db.Tables.OAUTH2_AUTHORIZATION;
import static org.essaim.db.Tables.SIGN_ON_LOGOUT_DELIVERY;

/**
 * OpenID Connect Back-Channel Logout 1.0, the provider's side: when a space account's sessions end
 * ({@link SpaceAccountSignedOut}), each of the space's apps that registered a back-channel logout address and was
 * given tokens for that person is owed a logout token. It is queued here, in the transaction of the change (a change
 * that rolls back tells no app), and {@link BackChannelLogoutDelivery} sends it, retrying with back-off, as the mail
 * outbox does.
 *
 * <p>A sign-out of one session names it ({@code sid}, the hashed session id its ID tokens carried) and goes to the
 * apps that got an ID token in that session, but the app whose RP-initiated logout it is (it has ended its own session:
 * user_oidc 8.10.1 deletes it before sending the person to the provider, then answers 400 to a logout token for it); everything else (password changed or reset, second step turned on, off or
 * reset, disabled, removed) names only the person ({@code sub}), so the apps end every session of theirs, and goes to
 * every app the person holds an authorization with.
 */
@Service
class BackChannelLogout {

    /** Before {@link SignOnSessions#signedOut}, which removes the authorizations this reads. */
    static final int ORDER = 0;

    private final DSLContext db;
    private final SpaceClients clients;
    private final Clock clock;
    private final AuthorizationServerSettings settings;
    private final EssaimProperties properties;

    BackChannelLogout(
            DSLContext db,
            SpaceClients clients,
            Clock clock,
            AuthorizationServerSettings settings,
            EssaimProperties properties) {
        this.db = db;
        this.clients = clients;
        this.clock = clock;
        this.settings = settings;
        this.properties = properties;
    }

    @EventListener
    @Order(ORDER)
    public void signedOut(SpaceAccountSignedOut event) {
        String subject = new SignOnPrincipal(event.uid(), event.slug()).name();
        String sid = event.sessionId() == null ? null : sessionHash(event.sessionId());
        Condition theirs = OAUTH2_AUTHORIZATION.PRINCIPAL_NAME.eq(subject);
        if (sid != null) {
            // The ID token's claims are kept in its metadata: the authorizations given in this session.
            theirs = theirs.and(
                    DSL.position(OAUTH2_AUTHORIZATION.OIDC_ID_TOKEN_METADATA, DSL.val(sessionClaim(event.sessionId())))
                            .gt(0));
        }
        List<String> clientIds = db.selectDistinct(OAUTH2_AUTHORIZATION.REGISTERED_CLIENT_ID)
                .from(OAUTH2_AUTHORIZATION)
                .where(theirs)
                .fetch(OAUTH2_AUTHORIZATION.REGISTERED_CLIENT_ID);
        OffsetDateTime now = OffsetDateTime.now(clock);
        String issuer = null;
        for (String clientId : clientIds) {
            if (clientId.equals(event.initiatingClientId())) {
                continue; // the app whose logout request this is: it ended its session before sending the person here
            }
            Optional<String> uri = clients.find(clientId).map(BackChannelLogout::logoutUri);
            if (uri.isEmpty()) {
                continue; // an app without back-channel logout (the events service), or a client gone with its space
            }
            issuer = issuer == null ? issuer() : issuer;
            db.insertInto(SIGN_ON_LOGOUT_DELIVERY)
                    .set(SIGN_ON_LOGOUT_DELIVERY.JTI, UUID.randomUUID().toString())
                    .set(SIGN_ON_LOGOUT_DELIVERY.ISSUER, issuer)
                    .set(SIGN_ON_LOGOUT_DELIVERY.CLIENT_ID, clientId)
                    .set(SIGN_ON_LOGOUT_DELIVERY.LOGOUT_URI, uri.get())
                    .set(SIGN_ON_LOGOUT_DELIVERY.SUBJECT, subject)
                    .set(SIGN_ON_LOGOUT_DELIVERY.SID, sid)
                    .set(SIGN_ON_LOGOUT_DELIVERY.CREATED_AT, now)
                    .set(SIGN_ON_LOGOUT_DELIVERY.NEXT_ATTEMPT_AT, now)
                    .execute();
        }
    }

    private static String logoutUri(RegisteredClient client) {
        return client.getClientSettings().getSetting(SpaceClients.BACK_CHANNEL_LOGOUT_URI);
    }

    /**
     * The issuer the ID tokens named: the configured one, else (a server on a port chosen at start) the address of
     * the request that caused the sign-out, as the provider takes it from each request.
     */
    private String issuer() {
        if (settings.getIssuer() != null) {
            return settings.getIssuer();
        }
        if (RequestContextHolder.getRequestAttributes() != null) {
            return ServletUriComponentsBuilder.fromCurrentContextPath()
                    .replaceQuery(null)
                    .build()
                    .toUriString();
        }
        return properties.publicUrl().toString().replaceAll("/+$", "");
    }

    /**
     * How the session's {@code sid} appears in an authorization's ID-token metadata (its claims, as JSON): quoted, so
     * that it matches only a whole value.
     */
    static String sessionClaim(String sessionId) {
        return "\"" + sessionHash(sessionId) + "\"";
    }

    /** The {@code sid} Spring Authorization Server puts in ID tokens: SHA-256 of the session id, base64url. */
    static String sessionHash(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
