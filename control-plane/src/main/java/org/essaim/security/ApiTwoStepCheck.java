package org.essaim.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The API signs in with a password alone (HTTP Basic, no second step): an account that has two-step on, or is
 * required to, is refused there, or the password would open through the API what the pages guard with two steps.
 */
final class ApiTwoStepCheck extends OncePerRequestFilter {

    private final TwoStep twoStep;

    ApiTwoStepCheck(TwoStep twoStep) {
        this.twoStep = twoStep;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null
                && signedIn.isAuthenticated()
                && signedIn.getCredentials() == null
                && !(signedIn instanceof AnonymousAuthenticationToken)
                && twoStep.need(signedIn) != TwoStep.Need.NONE) {
            SecurityContextHolder.clearContext();
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter()
                    .write("{\"type\":\"about:blank\",\"title\":\"Two-step sign-in required\",\"status\":401,"
                            + "\"detail\":\"This account signs in with two steps; the API's password sign-in cannot give the "
                            + "second one. Use the pages.\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
