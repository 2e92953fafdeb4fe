package org.essaim.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The pages anyone may see. */
@Controller
class PublicPages {

    static final String HOME = "home";
    static final String SIGN_IN = "sign-in";

    @GetMapping("/")
    String home() {
        return HOME;
    }

    @GetMapping("/login")
    String signIn(@org.springframework.web.bind.annotation.RequestParam(required = false) String error,
                  @org.springframework.web.bind.annotation.RequestParam(required = false) String minutes,
                  jakarta.servlet.http.HttpServletResponse response) {
        if ("throttled".equals(error)) {
            // The page a limited sign-in lands on says so to machines too: 429 with Retry-After.
            response.setStatus(429);
            long wait = minutes != null && minutes.matches("[0-9]{1,2}") ? Long.parseLong(minutes) * 60 : 3600;
            response.setHeader("Retry-After", String.valueOf(Math.max(1, wait)));
        }
        return SIGN_IN;
    }
}
