package org.essaim.member.password;

/** Why a password link was sent (the {@code purpose} column of {@code member_password_link}, mapped by jOOQ). */
public enum LinkPurpose {
    /** A forgotten password: valid one hour. */
    RESET,
    /** The welcome of an account an admin or an import created: valid 7 days. */
    WELCOME
}
