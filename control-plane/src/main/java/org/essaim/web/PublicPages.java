package org.essaim.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The pages anyone may see. */
@Controller
class PublicPages {

    static final String HOME = "home";
    static final String SIGN_IN = "sign-in";
    private static final java.util.regex.Pattern SAVED_SPACE = java.util.regex.Pattern.compile("/spaces/([a-z0-9-]{1,63})(/.*)?");

    @GetMapping("/")
    String home() {
        return HOME;
    }

    @GetMapping("/login")
    String signIn(@org.springframework.web.bind.annotation.RequestParam(required = false) String error,
                  @org.springframework.web.bind.annotation.RequestParam(required = false) String minutes,
                  jakarta.servlet.http.HttpServletRequest request,
                  jakarta.servlet.http.HttpServletResponse response, org.springframework.ui.Model model) {
        // Sent here from a space's page: that space is filled in, and signing in leads back to the page.
        org.springframework.security.web.savedrequest.SavedRequest saved =
                new org.springframework.security.web.savedrequest.HttpSessionRequestCache().getRequest(request, response);
        if (saved != null) {
            java.util.regex.Matcher space = SAVED_SPACE.matcher(java.net.URI.create(saved.getRedirectUrl()).getPath());
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
