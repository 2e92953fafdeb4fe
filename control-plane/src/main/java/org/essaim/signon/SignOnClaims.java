package org.essaim.signon;

import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * What a token says of the person, read from the directory each time one is issued (code exchange and every
 * refresh): who they are in the space ({@code sub} = {@code <uid>@<slug>}, unique within the issuer;
 * {@code preferred_username} = their uid, the name the workspace's directory backend gives them), their name and
 * email, the space and whether they are its admin now. A person who is no longer an enabled member of the client's
 * own space gets no token: the grant is refused ({@code invalid_grant}), so a disabled person loses the apps at
 * their next refresh at the latest.
 */
@Component
class SignOnClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final SpaceMembers members;
    private final SigningKeys keys;

    SignOnClaims(SpaceMembers members, SigningKeys keys) {
        this.members = members;
        this.keys = keys;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        context.getJwsHeader().keyId(keys.currentKid());
        ClientName client =
                ClientName.parse(context.getRegisteredClient().getClientId()).orElseThrow(() -> refused());
        SpacePerson person = person(context.getPrincipal(), client.slug()).orElseThrow(SignOnClaims::refused);
        context.getClaims().claim("space", client.slug()).claim("preferred_username", person.uid());
        if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
                || OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            context.getClaims()
                    .claim("name", person.displayName())
                    .claim("email", person.email())
                    .claim("space_admin", person.admin());
        }
    }

    /** The enabled person of {@code slug} the authorization was granted to; empty for anyone else. */
    Optional<SpacePerson> person(Authentication principal, String slug) {
        Optional<SignOnPrincipal> who = SignOnPrincipal.parse(principal == null ? null : principal.getName());
        if (who.isEmpty() || !who.get().slug().equals(slug)) {
            return Optional.empty();
        }
        return members.find(slug, who.get().uid()).filter(person -> !person.disabled());
    }

    private static OAuth2AuthenticationException refused() {
        return new OAuth2AuthenticationException(new OAuth2Error(
                OAuth2ErrorCodes.INVALID_GRANT, "This person may not sign in to this space's apps", null));
    }
}
