package org.essaim.signon;

import org.essaim.security.SpaceAccountSignedOut;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;

import static org.essaim.db.Tables.OAUTH2_AUTHORIZATION;

/**
 * Ends a person's single sign-on: every authorization (codes, access and refresh tokens) granted to them, or those
 * granted in one session of theirs when they sign out of it (security/DECISIONS.md, "Signing out revokes that
 * session's tokens").
 */
@Service
public class SignOnSessions {

    private final DSLContext db;

    SignOnSessions(DSLContext db) {
        this.db = db;
    }

    /** Removes every authorization of {@code uid} in {@code slug}; how many there were. */
    public int endPerson(String slug, String uid) {
        return db.deleteFrom(OAUTH2_AUTHORIZATION)
                .where(OAUTH2_AUTHORIZATION.PRINCIPAL_NAME.eq(new SignOnPrincipal(uid, slug).name()))
                .execute();
    }

    /**
     * The person signed out of one session (Essaim's sign-out, or an app's RP-initiated logout): the authorizations
     * granted in it go, refresh tokens and access tokens with them, for every app. They are those whose ID token
     * carried that session's {@code sid} (refreshed ID tokens keep it). Other sessions' authorizations, the person's
     * phone for one, stay. Runs after {@link BackChannelLogout} (which reads them to know whom to tell).
     */
    @EventListener
    @Order(BackChannelLogout.ORDER + 1)
    public void signedOut(SpaceAccountSignedOut event) {
        if (event.sessionId() != null) {
            endSession(event.slug(), event.uid(), event.sessionId());
        }
    }

    /** Removes the authorizations of {@code uid} in {@code slug} granted in the session {@code sessionId}; how many. */
    int endSession(String slug, String uid, String sessionId) {
        return db.deleteFrom(OAUTH2_AUTHORIZATION)
                .where(OAUTH2_AUTHORIZATION.PRINCIPAL_NAME.eq(new SignOnPrincipal(uid, slug).name()))
                .and(DSL.position(
                                OAUTH2_AUTHORIZATION.OIDC_ID_TOKEN_METADATA,
                                DSL.val(BackChannelLogout.sessionClaim(sessionId)))
                        .gt(0))
                .execute();
    }
}
