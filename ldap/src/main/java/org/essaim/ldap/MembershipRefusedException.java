package org.essaim.ldap;

/** A change to a space's people or groups that would leave the space in a state it must never be in. */
public class MembershipRefusedException extends RuntimeException {

    /** Stable codes, localized by the control plane. */
    public enum Reason {
        /** The space would have no admin left. */
        LAST_ADMIN,
        /** cn=members would be empty (groupOfNames needs a member; refint cannot empty a group). */
        LAST_MEMBER,
        /** No such person in this space. */
        UNKNOWN_PERSON,
        /** The uid or the email is already used in this space. */
        ALREADY_EXISTS
    }

    private final Reason reason;

    public MembershipRefusedException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
