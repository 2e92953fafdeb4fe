package org.essaim.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/** After signing in: back to the page that asked for it, else staff to their console and a space's people to theirs. */
class SignInSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

    @Override
    protected String determineTargetUrl(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) {
        return SpaceAccount.of(authentication).map(account -> "/spaces/" + account.slug()).orElse("/staff");
    }
}
