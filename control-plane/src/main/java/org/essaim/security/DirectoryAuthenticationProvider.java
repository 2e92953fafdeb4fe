package org.essaim.security;

import org.essaim.ldap.Directory;
import org.essaim.ldap.DirectoryUnavailableException;
import org.essaim.web.RateLimit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
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

    private static final String FAILURE = "sign-in-failure";

    private final Directory directory;
    private final RateLimit rateLimit;
    /** Failed sign-ins allowed per hour for one account from one address, and from one address in all. */
    private final int failuresPerAccountAndAddress;
    private final int failuresPerAddress;

    DirectoryAuthenticationProvider(Directory directory, RateLimit rateLimit,
                                    @Value("${essaim.sign-in.failures-per-account-and-address:10}") int failuresPerAccountAndAddress,
                                    @Value("${essaim.sign-in.failures-per-address:100}") int failuresPerAddress) {
        this.directory = directory;
        this.rateLimit = rateLimit;
        this.failuresPerAccountAndAddress = failuresPerAccountAndAddress;
        this.failuresPerAddress = failuresPerAddress;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = String.valueOf(authentication.getName()).strip().toLowerCase(java.util.Locale.ROOT);
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? "" : credentials.toString();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web
                ? String.valueOf(web.getRemoteAddress()) : "unknown";
        String accountKey = username + "|" + address;
        // Only failures count, so staff using the API (one sign-in per request) are never slowed down.
        if (!rateLimit.within(failureCounts(accountKey, address))) {
            throw new SignInThrottledException();
        }
        if (!UID.matcher(username).matches()) {
            countFailure(accountKey, address);
            throw new BadCredentialsException("Bad credentials");
        }
        boolean valid;
        try {
            valid = directory.authenticate(directory.layout().staffMember(username), password);
        } catch (DirectoryUnavailableException e) {
            throw new AuthenticationServiceException("The directory is unreachable", e);
        }
        if (!valid) {
            countFailure(accountKey, address);
            throw new BadCredentialsException("Bad credentials");
        }
        UsernamePasswordAuthenticationToken signedIn = UsernamePasswordAuthenticationToken.authenticated(
                username, null, List.of(new SimpleGrantedAuthority("ROLE_" + STAFF)));
        signedIn.setDetails(authentication.getDetails());
        return signedIn;
    }

    private void countFailure(String accountKey, String address) {
        rateLimit.allow(failureCounts(accountKey, address));
    }

    private List<RateLimit.Count> failureCounts(String accountKey, String address) {
        return List.of(new RateLimit.Count(FAILURE, accountKey, failuresPerAccountAndAddress),
                new RateLimit.Count(FAILURE, address, failuresPerAddress));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
