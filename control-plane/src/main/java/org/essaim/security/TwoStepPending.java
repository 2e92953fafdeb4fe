package org.essaim.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * A session between the password and the second step: it holds the password's sign-in but none of its roles, so no
 * console lets it in, and {@link TwoStepGate} sends it to the second step's page whatever it asks for. Its name is
 * the account's, so ending the account's sessions (SignedInSessions) ends this one too. Serializable: sessions live
 * in the database.
 */
final class TwoStepPending extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String ROLE = "ROLE_TWO_STEP_PENDING";

    /** Names the account for the session index without being mistaken for it ({@link SpaceAccount#of}). */
    record Waiting(String name) implements AuthenticatedPrincipal, Serializable {
        @Override
        public String getName() {
            return name;
        }
    }

    private final Authentication password;
    private final TwoStep.Need need;
    private final Waiting principal;

    TwoStepPending(Authentication password, TwoStep.Need need) {
        super(List.of(new SimpleGrantedAuthority(ROLE)));
        this.password = password;
        this.need = need;
        this.principal = new Waiting(password.getName());
        setDetails(password.getDetails());
        setAuthenticated(true);
    }

    /** The sign-in the password gave, to put in place once the second step is done. */
    Authentication passwordSignIn() {
        return password;
    }

    TwoStep.Need need() {
        return need;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }
}
