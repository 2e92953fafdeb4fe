package org.essaim.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Tells a wrong password apart from a directory that is down, so people know whether to retry or to wait. */
class SignInFailureHandler implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String reason = exception instanceof AuthenticationServiceException
                ? "unavailable"
                : exception instanceof SignInThrottledException ? "throttled" : "credentials";
        String space = request.getParameter(SignInDetails.SPACE_PARAMETER);
        // Back to the same form, the space still filled in, so a space's member retries with one field to fix.
        // Capped: a long value copied into Location would make the response header too large.
        String kept = space == null ? "" : space.strip();
        String keep = kept.isEmpty() || kept.length() > 100
                ? ""
                : "&space=" + URLEncoder.encode(kept, StandardCharsets.UTF_8);
        if (exception instanceof SignInThrottledException throttled) {
            // Who is limited (this account from this address, or wrong passwords from this address) and for how long.
            keep = "&who=" + throttled.scope().name().toLowerCase(Locale.ROOT) + "&minutes="
                    + throttled.retryAfterMinutes() + keep;
        }
        // The user name comes back too, through the session (a flash attribute), never in the address: it may be an
        // email address, and addresses end up in logs.
        String user = request.getParameter("username");
        if (user != null && !user.isBlank() && user.length() <= 254) {
            FlashMap flash = new FlashMap();
            flash.put("typedUsername", user.strip());
            flash.setTargetRequestPath(request.getContextPath() + "/login");
            new SessionFlashMapManager().saveOutputFlashMap(flash, request, response);
        }
        response.sendRedirect(request.getContextPath() + "/login?error=" + reason + keep);
    }
}
