package org.essaim.space.resource;

/** The office suite a space's workspace opens documents with; Collabora Online unless the space's admins choose. */
public enum OfficeSuite {
    COLLABORA,
    ONLYOFFICE
}
