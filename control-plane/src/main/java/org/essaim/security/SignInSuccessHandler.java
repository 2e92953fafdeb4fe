package org.essaim.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

import java.io.IOException;

/**
 * After the password: when the account has two-step on (or must and has not enrolled), the session holds only a
 * {@link TwoStepPending} and goes to the second step; otherwise, and once the second step is done, back to the page
 * that asked for it (a saved request, such as a single sign-on authorization request), else staff to their console
 * and a space's people to theirs.
 */
class SignInSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

    private final TwoStep twoStep;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    SignInSuccessHandler(TwoStep twoStep) {
        this.twoStep = twoStep;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws ServletException, IOException {
        TwoStep.Need need = authentication instanceof TwoStepPending ? TwoStep.Need.NONE : twoStep.need(authentication);
        if (need == TwoStep.Need.NONE) {
            super.onAuthenticationSuccess(request, response, authentication);
            return;
        }
        replace(new TwoStepPending(authentication, need), request, response);
        response.sendRedirect(request.getContextPath() + TwoStepGate.PAGE);
    }

    /** The second step is done: the password's sign-in takes the session's place, under a new session id. */
    void complete(TwoStepPending pending, HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        request.changeSessionId();
        admit(pending.passwordSignIn(), request, response);
        proceed(pending.passwordSignIn(), request, response);
    }

    /** The session is signed in as {@code authentication} from now on. */
    void admit(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        replace(authentication, request, response);
    }

    /** On to the saved request or the account's console. */
    void proceed(Authentication authentication, HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        super.onAuthenticationSuccess(request, response, authentication);
    }

    private void replace(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    @Override
    protected String determineTargetUrl(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        return SpaceAccount.of(authentication)
                .map(account -> "/spaces/" + account.slug())
                .orElse("/staff");
    }
}
