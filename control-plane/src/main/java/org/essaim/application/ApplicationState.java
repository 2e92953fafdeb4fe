package org.essaim.application;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an application stands. Submitted ones wait for their email to be confirmed (7 days, then they expire);
 * confirmed ones are in review until a decision. A deferred application goes back to review when the next
 * campaign opens. Live ones hold their desired address.
 */
public enum ApplicationState {
    UNCONFIRMED,
    IN_REVIEW,
    APPROVED,
    REJECTED,
    DEFERRED,
    WITHDRAWN,
    EXPIRED;

    /** The states whose applications hold their slug (see the partial unique index). */
    public static final Set<ApplicationState> LIVE = EnumSet.of(UNCONFIRMED, IN_REVIEW, DEFERRED, APPROVED);
    /** The states a staff decision leads to. */
    public static final Set<ApplicationState> DECIDED = EnumSet.of(APPROVED, REJECTED, DEFERRED);

    public boolean decided() {
        return DECIDED.contains(this);
    }

    /** The applicant may withdraw while the application waits for a decision or for the next campaign. */
    public boolean withdrawable() {
        return this == IN_REVIEW || this == DEFERRED;
    }

    public String messageKey() {
        return "application.state." + name();
    }
}
