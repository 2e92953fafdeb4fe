package org.essaim.ldap;

/** A person of a space, as the directory holds them. */
public record SpacePerson(String uid, String displayName, String email, boolean admin, boolean disabled) {}
