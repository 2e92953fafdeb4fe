package org.essaim.member;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.util.Locale;

/**
 * The API's answer when a space has no place left for what was asked: 409 problem+json in the caller's language,
 * saying how many places are left ({@code placesLeft}) and how many were asked ({@code placesAsked}). One answer for
 * every space API that takes places (members, invitations, imports).
 */
public final class NoPlacesLeftProblem {

    private NoPlacesLeftProblem() {
    }

    public static ResponseEntity<ProblemDetail> of(NoPlacesLeftException e, HttpServletRequest request,
                                                   MessageSource messages) {
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONFLICT);
        problem.setType(URI.create("https://essaim.org/problems/no-places-left"));
        problem.setTitle(messages.getMessage("problem.no-places-left.title", null, locale));
        problem.setDetail(messages.getMessage("problem.no-places-left.detail", e.arguments(), locale));
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("placesLeft", e.left());
        problem.setProperty("placesAsked", e.asked());
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
