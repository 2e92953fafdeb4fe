package org.essaim.security;

import org.essaim.ldap.Directory;
import org.essaim.ldap.DirectoryUnavailableException;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.SpaceSettings;
import org.essaim.space.SpaceState;
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
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a sign-in by binding to the directory as the account: Essaim keeps no copy of any password.
 * Staff accounts live under {@code ou=staff}. A space's admins and members sign in with their account in that space:
 * the form's "space" field (or, for HTTP Basic, a user name {@code <uid or email>@<space>}) names the space, and the
 * user name is their uid or their email in it. A disabled account, a deleted space's account, an unknown space: all
 * are "wrong user name or password", counted by the same failed-sign-in limit as staff.
 */
@Component
class DirectoryAuthenticationProvider implements AuthenticationProvider {

    static final String STAFF = "STAFF";
    /** Directory uids Essaim creates: short, lowercase, no characters that need escaping. */
    private static final Pattern UID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static final String FAILURE = "sign-in-failure";

    private final Directory directory;
    private final RateLimit rateLimit;
    private final SpaceRegistry spaces;
    private final SpaceSettings spaceSettings;
    /** Failed sign-ins allowed per hour for one account from one address, and from one address in all. */
    private final int failuresPerAccountAndAddress;
    private final int failuresPerAddress;

    DirectoryAuthenticationProvider(Directory directory, RateLimit rateLimit, SpaceRegistry spaces,
                                    SpaceSettings spaceSettings,
                                    @Value("${essaim.sign-in.failures-per-account-and-address:10}") int failuresPerAccountAndAddress,
                                    @Value("${essaim.sign-in.failures-per-address:100}") int failuresPerAddress) {
        this.directory = directory;
        this.rateLimit = rateLimit;
        this.spaces = spaces;
        this.spaceSettings = spaceSettings;
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
        String space = authentication.getDetails() instanceof SignInDetails form ? form.space() : "";
        if (space.isEmpty() && username.contains("@")) {
            // HTTP Basic (or a form without the field): "<uid or email>@<space>", the space after the last @.
            int at = username.lastIndexOf('@');
            space = username.substring(at + 1);
            username = username.substring(0, at);
        }
        String accountKey = username + "|" + space.toLowerCase(java.util.Locale.ROOT) + "|" + address;
        // Only failures count, so people using the API (one sign-in per request) are never slowed down.
        if (!rateLimit.within(failureCounts(accountKey, address))) {
            throw new SignInThrottledException();
        }
        Authentication signedIn;
        try {
            signedIn = space.isEmpty() ? staff(username, password) : spaceAccount(space, username, password);
        } catch (DirectoryUnavailableException e) {
            throw new AuthenticationServiceException("The directory is unreachable", e);
        }
        if (signedIn == null) {
            countFailure(accountKey, address);
            throw new BadCredentialsException("Bad credentials");
        }
        ((UsernamePasswordAuthenticationToken) signedIn).setDetails(authentication.getDetails());
        return signedIn;
    }

    private Authentication staff(String uid, String password) {
        if (!UID.matcher(uid).matches() || !directory.authenticate(directory.layout().staffMember(uid), password)) {
            return null;
        }
        return UsernamePasswordAuthenticationToken.authenticated(uid, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + STAFF)));
    }

    private Authentication spaceAccount(String typedSpace, String login, String password) {
        Optional<String> slug = SpaceAddress.slug(typedSpace, spaceSettings.domain());
        if (slug.isEmpty() || login.isEmpty()) {
            return null;
        }
        boolean open = spaces.findBySlug(slug.get())
                .filter(space -> space.state() != SpaceState.DELETING && space.state() != SpaceState.ERASED)
                .isPresent();
        if (!open) {
            return null;
        }
        SpaceMembers members = directory.members();
        Optional<SpacePerson> person = UID.matcher(login).matches() ? members.find(slug.get(), login)
                : login.contains("@") ? members.findByEmail(slug.get(), login) : Optional.empty();
        if (person.isEmpty() || !members.signIn(slug.get(), person.get().uid(), password)) {
            return null;
        }
        return UsernamePasswordAuthenticationToken.authenticated(new SpaceAccount(slug.get(), person.get().uid()),
                null, List.of(new SimpleGrantedAuthority("ROLE_" + SpaceAccount.ROLE)));
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
