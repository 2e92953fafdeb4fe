package org.essaim.ldap;

/** A staff member's directory entry, as the control plane shows it. */
public record StaffAccount(String uid, String displayName, String email) {}
