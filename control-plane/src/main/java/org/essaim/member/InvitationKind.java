package org.essaim.member;

/** What a {@code member_invitation} row is (its {@code kind} column, mapped by the jOOQ code generation). */
public enum InvitationKind {
    /** An admin (or the approval of the space, for its referent) invited this address. */
    INVITATION,
    /** Someone signed up through the join link; an admin approves or refuses it. */
    JOIN_REQUEST
}
