package org.essaim.security;

import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;

import java.io.Serializable;
import java.util.Optional;

/**
 * Who is signed in when a space's admin or member signs in: their uid in that space. A person in several spaces has
 * one account in each and signs in to one at a time. The name, {@code uid@slug}, is also the HTTP Basic user name
 * the API accepts, and what the audit log records as the actor.
 */
public record SpaceAccount(String slug, String uid) implements AuthenticatedPrincipal, Serializable {

    /** The role every space account has; being an admin is checked against the directory on each request. */
    public static final String ROLE = "MEMBER";

    @Override
    public String getName() {
        return uid + "@" + slug;
    }

    public static Optional<SpaceAccount> of(Authentication authentication) {
        return authentication != null && authentication.getPrincipal() instanceof SpaceAccount account
                ? Optional.of(account)
                : Optional.empty();
    }
}
