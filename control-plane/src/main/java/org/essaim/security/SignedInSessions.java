package org.essaim.security;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.stereotype.Component;

/**
 * Ends a person's page sessions when their password changes or they are disabled or removed: every session of the
 * account but the one that made the change. Sessions live in PostgreSQL (Spring Session JDBC) and are found by the
 * sign-in name they are indexed by, so this ends them on every replica; the API has no session to end (each request
 * signs in).
 */
@Component
public class SignedInSessions {

    private final SessionRegistry registry;

    SignedInSessions(SessionRegistry registry) {
        this.registry = registry;
    }

    /** Ends every session of this space account except {@code keepSessionId} (null: all); how many were ended. */
    public int endSpaceAccount(String slug, String uid, String keepSessionId) {
        return end(new SpaceAccount(slug, uid), keepSessionId);
    }

    int end(Object principal, String keepSessionId) {
        int ended = 0;
        for (SessionInformation session : registry.getAllSessions(principal, false)) {
            if (!session.getSessionId().equals(keepSessionId)) {
                session.expireNow();
                ended++;
            }
        }
        return ended;
    }
}
