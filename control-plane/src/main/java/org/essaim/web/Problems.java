package org.essaim.web;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the API's one error format (RFC 9457): {@code type} is {@value #TYPE_BASE} followed by the problem's code,
 * {@code title} and {@code detail} come from {@code problem.<code>.title} and {@code .detail} in the caller's
 * language, {@code instance} is the path asked for, and any extra properties (such as {@code placesLeft}) follow.
 * Every problem+json answer Essaim writes is built here.
 */
@Component
public class Problems {

    static final String TYPE_BASE = "https://essaim.org/problems/";

    private final MessageSource messages;

    Problems(MessageSource messages) {
        this.messages = messages;
    }

    /** A problem named by {@code code}; a missing title falls back to the status's reason phrase. */
    public ProblemDetail of(
            HttpStatus status, String code, Object[] arguments, String instance, Map<String, ?> properties) {
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(TYPE_BASE + code));
        problem.setTitle(
                messages.getMessage("problem." + code + ".title", arguments, status.getReasonPhrase(), locale));
        problem.setDetail(messages.getMessage("problem." + code + ".detail", arguments, null, locale));
        if (instance != null) {
            problem.setInstance(URI.create(instance));
        }
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** The answer carrying {@code problem}, as {@code application/problem+json}. */
    public static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
