package org.essaim.signon;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.essaim.security.SpaceAccount;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The authorization endpoint serves a space's client only to a person signed in to that same space. Signed in as
 * someone of another space, or as staff: a page that says so (in their language) and offers to sign in with an
 * account of the space, never a code. Signed in to the space: the request goes on with the plain name
 * {@code <uid>@<slug>} as the principal (this request only; the session keeps the sign-in as it is), which is all
 * the provider stores with the authorization. Not signed in: on to the sign-in page with the space chosen.
 */
class SpaceOnlyFilter extends OncePerRequestFilter {

    static final String REFUSED_PAGE = "/sign-on/other-account";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().equals(request.getContextPath() + SignOnConfiguration.AUTHORIZE);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ClientName> client = ClientName.parse(request.getParameter("client_id"));
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        boolean someone =
                signedIn != null && signedIn.isAuthenticated() && !(signedIn instanceof AnonymousAuthenticationToken);
        if (client.isEmpty() || !someone) {
            chain.doFilter(request, response);
            return;
        }
        Optional<SpaceAccount> account = SpaceAccount.of(signedIn);
        if (account.isEmpty() || !account.get().slug().equals(client.get().slug())) {
            response.sendRedirect(request.getContextPath() + REFUSED_PAGE + "?space="
                    + URLEncoder.encode(client.get().slug(), StandardCharsets.UTF_8));
            return;
        }
        var name = UsernamePasswordAuthenticationToken.authenticated(
                account.get().getName(), null, signedIn.getAuthorities());
        var original = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(new SecurityContextImpl(name));
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.setContext(original);
        }
    }
}
