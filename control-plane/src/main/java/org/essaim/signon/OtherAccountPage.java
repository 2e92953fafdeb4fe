package org.essaim.signon;

import jakarta.servlet.http.HttpServletResponse;
import org.essaim.security.SpaceAccount;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Says why an app of a space was refused: the person is signed in to Essaim, but not with an account of that space. */
@Controller
class OtherAccountPage {

    static final String VIEW = "sign-on/other-account";

    @GetMapping(SpaceOnlyFilter.REFUSED_PAGE)
    String refused(
            @RequestParam(required = false) String space,
            Authentication signedIn,
            Model model,
            HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        String slug = space != null && space.matches("[a-z0-9][a-z0-9-]{0,62}") ? space : "";
        model.addAttribute("space", slug);
        model.addAttribute(
                "staff", signedIn != null && SpaceAccount.of(signedIn).isEmpty());
        model.addAttribute(
                "currentSpace",
                SpaceAccount.of(signedIn).map(SpaceAccount::slug).orElse(""));
        return VIEW;
    }
}
