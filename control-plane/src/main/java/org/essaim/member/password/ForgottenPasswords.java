package org.essaim.member.password;

import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.space.Space;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.SpaceSettings;
import org.essaim.web.RateLimit;
import org.essaim.web.TooManyRequestsException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * "I forgot my password" for a space's members. The answer never says whether the space or the address exists: the
 * directory is searched in every case (so an unknown address costs about what a known one does), and a link is
 * emailed only to an active person of an open space. A disabled person gets the same answer and no email: their
 * admins disabled them, and a reset must not be a way back in. Attempts are counted per client address and per
 * email address (any space), in PostgreSQL ({@link RateLimit}).
 */
@Service
public class ForgottenPasswords {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final String PER_ADDRESS = "password-reset-address";
    private static final String PER_EMAIL = "password-reset-email";

    private final SpaceMembers members;
    private final SpaceRegistry spaces;
    private final SpaceSettings spaceSettings;

    /** The platform's domain, named in the page's hints and refusals. */
    public String domain() {
        return spaceSettings.domain();
    }

    private final EmailedPasswordLinks links;
    private final RateLimit rateLimit;
    private final int attemptsPerAddress;
    private final int attemptsPerEmail;

    ForgottenPasswords(
            SpaceMembers members,
            SpaceRegistry spaces,
            SpaceSettings spaceSettings,
            EmailedPasswordLinks links,
            RateLimit rateLimit,
            PasswordResetSettings settings) {
        this.members = members;
        this.spaces = spaces;
        this.spaceSettings = spaceSettings;
        this.links = links;
        this.rateLimit = rateLimit;
        this.attemptsPerAddress = settings.attemptsPerAddressPerHour();
        this.attemptsPerEmail = settings.attemptsPerEmailPerHour();
    }

    /**
     * Counts the attempt and, when the space and an active person with that email exist, emails them a reset link
     * valid one hour in {@code locale}. Says nothing about what it found.
     *
     * @param slug  a slug as {@link #slug} returns it
     * @param email an address already checked with {@link org.essaim.web.EmailAddress}
     * @throws TooManyRequestsException when the client address or the email is over its hourly limit
     */
    @Transactional
    public void request(String slug, String email, String client, Locale locale) {
        if (!rateLimit.allow(List.of(
                new RateLimit.Count(PER_ADDRESS, client, attemptsPerAddress),
                new RateLimit.Count(PER_EMAIL, email.toLowerCase(Locale.ROOT), attemptsPerEmail)))) {
            throw new TooManyRequestsException();
        }
        Optional<SpacePerson> person = members.findByEmail(slug, email);
        Optional<Space> space =
                spaces.findBySlug(slug).filter(s -> EmailedPasswordLinks.OPEN_SPACES.contains(s.state()));
        if (space.isPresent() && person.isPresent() && !person.get().disabled()) {
            links.issue(
                    space.get(),
                    person.get(),
                    EmailedPasswordLinks.RESET_VALIDITY,
                    EmailedPasswordLinks.RESET_TEMPLATE,
                    locale);
        }
    }

    /**
     * The slug in what someone typed as their space's address: {@code asso}, {@code asso.essaim.org},
     * {@code https://asso.essaim.org/apps/files}; null when it cannot be one.
     */
    public String slug(String typed) {
        if (typed == null) {
            return null;
        }
        String value = typed.strip().toLowerCase(Locale.ROOT).replaceFirst("^[a-z][a-z0-9+.-]*://", "");
        int slash = value.indexOf('/');
        if (slash >= 0) {
            value = value.substring(0, slash);
        }
        String suffix = "." + spaceSettings.domain().toLowerCase(Locale.ROOT);
        if (value.endsWith(suffix)) {
            value = value.substring(0, value.length() - suffix.length());
        }
        // A space's events and forum hosts are <slug>-events and <slug>-forum; no slug ends so (SlugRules).
        value = value.replaceFirst("-(events|forum)$", "");
        return SLUG.matcher(value).matches() ? value : null;
    }
}
