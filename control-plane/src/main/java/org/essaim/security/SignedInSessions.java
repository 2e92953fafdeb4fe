package org.essaim.security;

import jakarta.servlet.http.HttpSession;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

/**
 * The one way a person's sessions end: when they sign out, when their password changes, their second step is
 * turned on, off or reset, or they are disabled or removed (every session of the account but the one that made the
 * change, if any). Sessions live in PostgreSQL (Spring Session JDBC) and are found by the sign-in name they are
 * indexed by, so this ends them on every replica; the API has no session to end (each request signs in). For a
 * space account, {@link SpaceAccountSignedOut} is published, so that the space's apps are told (back-channel logout).
 */
@Component
public class SignedInSessions {

    private final SessionRegistry registry;
    private final ApplicationEventPublisher events;

    SignedInSessions(SessionRegistry registry, ApplicationEventPublisher events) {
        this.registry = registry;
        this.events = events;
    }

    /** Ends every session of this space account except {@code keepSessionId} (null: all); how many were ended. */
    public int endSpaceAccount(String slug, String uid, String keepSessionId) {
        int ended = end(new SpaceAccount(slug, uid), keepSessionId);
        // Every session the apps hold for the person goes too (the kept one signs in to them again without a prompt).
        events.publishEvent(new SpaceAccountSignedOut(slug, uid, null));
        return ended;
    }

    /**
     * The person signed out of this session: on Essaim's page ({@code initiatingClientId} null), or through the
     * RP-initiated logout of the app {@code initiatingClientId}, which has ended its own session already.
     */
    public void signedOut(SpaceAccount account, String sessionId, String initiatingClientId) {
        events.publishEvent(new SpaceAccountSignedOut(account.slug(), account.uid(), sessionId, initiatingClientId));
    }

    /**
     * For a sign-out on Essaim's page: runs before the session is invalidated and calls {@link #signedOut} with its id
     * when a space account signs out.
     */
    public LogoutHandler logoutHandler() {
        return logoutHandler(null);
    }

    /** As {@link #logoutHandler()}, for the RP-initiated logout of the app {@code initiatingClientId}. */
    public LogoutHandler logoutHandler(String initiatingClientId) {
        return (request, response, authentication) -> {
            HttpSession session = request.getSession(false);
            if (session != null) {
                SpaceAccount.of(authentication)
                        .ifPresent(account -> signedOut(account, session.getId(), initiatingClientId));
            }
        };
    }

    /** Ends every session of the account named {@code account} (staff uid or {@code uid@slug}) except {@code keepSessionId}. */
    int endAccount(String account, String keepSessionId) {
        int at = account.lastIndexOf('@');
        return at > 0
                ? endSpaceAccount(account.substring(at + 1), account.substring(0, at), keepSessionId)
                : end(account, keepSessionId);
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
