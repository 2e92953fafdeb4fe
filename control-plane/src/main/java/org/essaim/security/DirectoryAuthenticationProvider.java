package org.essaim.security;

import org.essaim.ldap.DirectoryUnavailableException;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.StaffAccounts;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.SpaceSettings;
import org.essaim.space.SpaceState;
import org.essaim.web.RateLimit;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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

    private final Clock clock;

    static final String STAFF = "STAFF";
    /** Directory uids Essaim creates: short, lowercase, no characters that need escaping. */
    private static final Pattern UID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    static final String FAILURE = "sign-in-failure";

    private final SpaceMembers members;
    private final StaffAccounts staffAccounts;
    private final RateLimit rateLimit;
    private final SpaceRegistry spaces;
    private final SpaceSettings spaceSettings;
    /** Failed sign-ins allowed per hour for one account from one address, and from one address in all. */
    private final int failuresPerAccountAndAddress;

    private final int failuresPerAddress;
    /** Past the per-address limit, each attempt from the address waits this much more per failure, up to max. */
    private final Duration delayStep;

    private final Duration maxDelay;

    DirectoryAuthenticationProvider(
            SpaceMembers members,
            StaffAccounts staffAccounts,
            RateLimit rateLimit,
            SpaceRegistry spaces,
            SpaceSettings spaceSettings,
            SignInSettings settings,
            Clock clock) {
        this.clock = clock;
        this.members = members;
        this.staffAccounts = staffAccounts;
        this.rateLimit = rateLimit;
        this.spaces = spaces;
        this.spaceSettings = spaceSettings;
        this.failuresPerAccountAndAddress = settings.failuresPerAccountAndAddress();
        this.failuresPerAddress = settings.failuresPerAddress();
        this.delayStep = settings.delayStep();
        this.maxDelay = settings.maxDelay();
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = String.valueOf(authentication.getName()).strip().toLowerCase(Locale.ROOT);
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? "" : credentials.toString();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web
                ? String.valueOf(web.getRemoteAddress())
                : "unknown";
        String space = authentication.getDetails() instanceof SignInDetails form ? form.space() : "";
        if (space.isEmpty() && username.contains("@")) {
            // HTTP Basic (or a form without the field): "<uid or email>@<space>", the space after the last @.
            int at = username.lastIndexOf('@');
            space = username.substring(at + 1);
            username = username.substring(0, at);
        }
        // Count on the account the typed name resolves to, never on the text typed: "jardins",
        // "jardins.essaim.org", "https://jardins.essaim.org/x" and "JARDINS" are one account and one counter.
        SpaceTarget target;
        try {
            target = space.isEmpty() ? null : spaceTarget(space, username);
        } catch (DirectoryUnavailableException e) {
            throw new AuthenticationServiceException("The directory is unreachable", e);
        }
        String account = space.isEmpty() ? "staff|" + username : target.accountKey();
        String accountKey = account + "|" + address;
        // Only failures count, so people using the API (one sign-in per request) are never slowed down.
        if (!rateLimit.within(List.of(new RateLimit.Count(FAILURE, accountKey, failuresPerAccountAndAddress)))) {
            throw new SignInThrottledException(SignInThrottledException.Scope.ACCOUNT, rateLimit.secondsLeftInWindow());
        }
        // Past the per-address limit nobody is refused outright (everyone behind one NAT would be): each attempt
        // from the address waits a little longer, and only a wrong password is refused.
        int overAddressLimit = failuresPerAddress <= 0 ? 0 : rateLimit.hits(FAILURE, address) - failuresPerAddress + 1;
        if (overAddressLimit > 0) {
            pause(Duration.ofMillis(Math.min(maxDelay.toMillis(), (long) delayStep.toMillis() * overAddressLimit)));
        }
        Authentication signedIn;
        try {
            signedIn = space.isEmpty() ? staff(username, password) : spaceAccount(target, password);
        } catch (DirectoryUnavailableException e) {
            throw new AuthenticationServiceException("The directory is unreachable", e);
        }
        if (signedIn == null) {
            countFailure(accountKey, address);
            if (overAddressLimit > 0) {
                throw new SignInThrottledException(
                        SignInThrottledException.Scope.ADDRESS, rateLimit.secondsLeftInWindow());
            }
            throw new BadCredentialsException("Bad credentials");
        }
        ((UsernamePasswordAuthenticationToken) signedIn).setDetails(authentication.getDetails());
        return signedIn;
    }

    /**
     * Whom a space sign-in names, found once for both the counter and the password check. Every well-formed
     * address costs the same work, whoever is named: one registry read, one directory search (see
     * {@link SpaceMembers#signInCandidate}), then one bind in {@link #spaceAccount}. Only an address that cannot be
     * a space's asks nothing (it names no account, so it tells nothing about one).
     *
     * @param slug      the space named, or null when the typed address cannot be one
     * @param candidate whom the login names there (null with {@code slug})
     * @param open      the space exists and is neither deleted nor erased
     */
    private record SpaceTarget(
            String typedSpace, String login, String slug, SpaceMembers.SignInCandidate candidate, boolean open) {

        /**
         * The counter's name: the space's slug and the person's uid when the login names one (by uid or email),
         * else the slug (or the typed text, capped) and the login as typed, which name no account.
         */
        String accountKey() {
            if (slug == null) {
                String typed = typedSpace.strip().toLowerCase(Locale.ROOT);
                return "unknown|" + typed.substring(0, Math.min(100, typed.length())) + "|" + login;
            }
            return "space|" + slug + "|" + (candidate.found() ? candidate.uid() : "?" + login);
        }
    }

    private SpaceTarget spaceTarget(String typedSpace, String login) {
        Optional<String> slug = SpaceAddress.slug(typedSpace, spaceSettings.domain());
        if (slug.isEmpty()) {
            return new SpaceTarget(typedSpace, login, null, null, false);
        }
        boolean open = spaces.findBySlug(slug.get())
                .filter(space -> space.state() != SpaceState.DELETING && space.state() != SpaceState.ERASED)
                .isPresent();
        return new SpaceTarget(typedSpace, login, slug.get(), members.signInCandidate(slug.get(), login), open);
    }

    private void pause(Duration delay) {
        try {
            Thread.sleep(delay); // request threads are virtual: a waiting sign-in holds no platform thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationServiceException("Interrupted", e);
        }
    }

    private Authentication staff(String uid, String password) {
        // One read and one bind whether or not the account exists (StaffAccounts.signIn).
        if (!UID.matcher(uid).matches() || !staffAccounts.signIn(uid, password)) {
            return null;
        }
        return UsernamePasswordAuthenticationToken.authenticated(
                uid, null, List.of(new SimpleGrantedAuthority("ROLE_" + STAFF), passwordFactor()));
    }

    /** One bind, as the person or as the decoy (a closed space's account is refused after the same work). */
    private Authentication spaceAccount(SpaceTarget target, String password) {
        if (target.slug() == null) {
            return null;
        }
        boolean passwordRight = members.signIn(target.candidate(), password);
        if (!passwordRight || !target.open() || target.login().isEmpty()) {
            return null;
        }
        return UsernamePasswordAuthenticationToken.authenticated(
                new SpaceAccount(target.slug(), target.candidate().uid()),
                null,
                List.of(new SimpleGrantedAuthority("ROLE_" + SpaceAccount.ROLE), passwordFactor()));
    }

    /**
     * The password factor and when it was given, as Spring Security's own providers record it: the single sign-on
     * provider reads it as the ID token's {@code auth_time} (and refuses to issue one without it).
     */
    private FactorGrantedAuthority passwordFactor() {
        return FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
                .issuedAt(clock.instant())
                .build();
    }

    private void countFailure(String accountKey, String address) {
        rateLimit.allow(List.of(
                new RateLimit.Count(FAILURE, accountKey, failuresPerAccountAndAddress),
                new RateLimit.Count(FAILURE, address, failuresPerAddress)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
