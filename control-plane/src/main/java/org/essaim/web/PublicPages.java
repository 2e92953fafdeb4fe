package org.essaim.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pages anyone may see. */
@Controller
class PublicPages {

    static final String HOME = "home";
    static final String SIGN_IN = "sign-in";
    private static final Pattern SAVED_SPACE = Pattern.compile("/spaces/([a-z0-9-]{1,63})(/.*)?");

    @GetMapping("/")
    String home() {
        return HOME;
    }

    @GetMapping("/login")
    String signIn(
            @RequestParam(required = false) String error,
            @RequestParam(required = false) String minutes,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        // Sent here from a space's page: that space is filled in, and signing in leads back to the page.
        SavedRequest saved = new HttpSessionRequestCache().getRequest(request, response);
        if (saved != null) {
            Matcher space =
                    SAVED_SPACE.matcher(URI.create(saved.getRedirectUrl()).getPath());
            if (space.matches()) {
                model.addAttribute("savedSpace", space.group(1));
            }
        }
        if ("throttled".equals(error)) {
            // The page a limited sign-in lands on says so to machines too: 429 with Retry-After.
            response.setStatus(429);
            long wait = minutes != null && minutes.matches("[0-9]{1,2}") ? Long.parseLong(minutes) * 60 : 3600;
            response.setHeader("Retry-After", String.valueOf(Math.max(1, wait)));
        }
        return SIGN_IN;
    }
}
