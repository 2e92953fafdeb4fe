package org.essaim.member;

import java.util.Set;

/**
 * Where an invitation or a join request stands (the {@code state} column of {@code member_invitation}, mapped by the
 * jOOQ code generation). The live ones hold a place ({@link Places}) until they expire.
 */
public enum InvitationState {
    /** A join request waiting for an admin. */
    AWAITING_APPROVAL,
    /** The link was sent and not used yet. */
    PENDING,
    ACCEPTED,
    /** An admin withdrew the invitation. */
    REVOKED,
    /** An admin refused the join request. */
    REFUSED,
    /** Its link expired before anyone used it. */
    EXPIRED;

    /** The states that hold a place while unexpired, and that make an address "already invited". */
    static final Set<InvitationState> LIVE = Set.of(PENDING, AWAITING_APPROVAL);
}
