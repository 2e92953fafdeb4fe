package org.essaim.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API's one error format: RFC 9457 {@code application/problem+json}, with a {@code type} naming the
 * problem, a localized {@code title} and {@code detail} (from Accept-Language or the language cookie), and for
 * invalid input an {@code errors} array with one entry per field: {@code field}, {@code code} (stable, for
 * programs) and {@code message} (localized, for people).
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiProblems extends ResponseEntityExceptionHandler {

    private final MessageSource messages;
    private final Problems problems;
    private final Clock clock;

    ApiProblems(MessageSource messages, Problems problems, Clock clock) {
        this.messages = messages;
        this.problems = problems;
        this.clock = clock;
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-fields", request, new Object[0]);
        problem.setProperty("errors", errors(e.problems()));
        return respond(problem, new HttpHeaders());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e, HttpServletRequest request) {
        ProblemDetail problem =
                problems.of(HttpStatus.CONFLICT, e.code(), e.arguments(), request.getRequestURI(), e.properties());
        if (!e.fields().isEmpty()) {
            problem.setProperty("errors", errors(e.fields()));
        }
        return respond(problem, new HttpHeaders());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", request, new Object[0]), new HttpHeaders());
    }

    @ExceptionHandler(TooManyRequestsException.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        ZonedDateTime now = ZonedDateTime.now(clock);
        headers.set(
                HttpHeaders.RETRY_AFTER,
                String.valueOf(Math.max(
                        1,
                        Duration.between(now, now.truncatedTo(ChronoUnit.HOURS).plusHours(1))
                                .toSeconds())));
        return respond(problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", null, new Object[0]), headers);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return invalid(new InvalidInputException(FieldProblem.of(e.getName(), "input.type")), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unreadable-body", null, new Object[0]);
        problem.setProperty("errors", errors(List.of(FieldProblem.of("", "input.json"))));
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private ProblemDetail problem(HttpStatus status, String code, HttpServletRequest request, Object[] arguments) {
        return problems.of(status, code, arguments, request == null ? null : request.getRequestURI(), Map.of());
    }

    private List<Map<String, String>> errors(List<FieldProblem> problems) {
        Locale locale = LocaleContextHolder.getLocale();
        return problems.stream()
                .map(p -> Map.of(
                        "field", p.field(),
                        "code", p.code(),
                        "message", messages.getMessage(p.code(), p.argumentArray(), p.code(), locale)))
                .toList();
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders headers) {
        return Problems.respond(problem, headers);
    }
}
