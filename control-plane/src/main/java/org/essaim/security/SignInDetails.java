package org.essaim.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** The sign-in form's extra field: the space's address, empty for staff. */
class SignInDetails extends WebAuthenticationDetails {

    static final String SPACE_PARAMETER = "space";

    private final String space;

    SignInDetails(HttpServletRequest request) {
        super(request);
        String typed = request.getParameter(SPACE_PARAMETER);
        this.space = typed == null ? "" : typed.strip();
    }

    String space() {
        return space;
    }
}
