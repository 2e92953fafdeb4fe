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
    String signIn() {
        return SIGN_IN;
    }
}
