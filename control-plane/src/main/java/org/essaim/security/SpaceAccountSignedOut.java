package org.essaim.security;

/**
 * A space account's sessions ended ({@link SignedInSessions}): one session when the person signed out
 * ({@code sessionId} is that session's id), or all of them ({@code sessionId} null) when their password changed, their
 * second step was turned on, off or reset, or they were disabled or removed. Published in the caller's transaction;
 * the single sign-on provider tells the space's apps (back-channel logout). {@code initiatingClientId} is the app
 * whose RP-initiated logout ended the session (it needs no telling), null when Essaim ended it.
 */
public record SpaceAccountSignedOut(String slug, String uid, String sessionId, String initiatingClientId) {

    /** Sessions ended from Essaim (its sign-out page, a password change, a disabling...), not by an app. */
    public SpaceAccountSignedOut(String slug, String uid, String sessionId) {
        this(slug, uid, sessionId, null);
    }

    public String accountName() {
        return new SpaceAccount(slug, uid).getName();
    }
}
