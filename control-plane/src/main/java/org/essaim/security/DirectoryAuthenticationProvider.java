package org.essaim.security;

import org.essaim.ldap.Directory;
import org.essaim.ldap.DirectoryUnavailableException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a sign-in by binding to the directory as the account: Essaim keeps no copy of any password.
 * Staff accounts live under {@code ou=staff}.
 */
@Component
class DirectoryAuthenticationProvider implements AuthenticationProvider {

    static final String STAFF = "STAFF";
    /** Directory uids Essaim creates: short, lowercase, no characters that need escaping. */
    private static final Pattern UID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Directory directory;

    DirectoryAuthenticationProvider(Directory directory) {
        this.directory = directory;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = String.valueOf(authentication.getName()).strip().toLowerCase(java.util.Locale.ROOT);
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? "" : credentials.toString();
        if (!UID.matcher(username).matches()) {
            throw new BadCredentialsException("Bad credentials");
        }
        boolean valid;
        try {
            valid = directory.authenticate(directory.layout().staffMember(username), password);
        } catch (DirectoryUnavailableException e) {
            throw new AuthenticationServiceException("The directory is unreachable", e);
        }
        if (!valid) {
            throw new BadCredentialsException("Bad credentials");
        }
        UsernamePasswordAuthenticationToken signedIn = UsernamePasswordAuthenticationToken.authenticated(
                username, null, List.of(new SimpleGrantedAuthority("ROLE_" + STAFF)));
        signedIn.setDetails(authentication.getDetails());
        return signedIn;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
