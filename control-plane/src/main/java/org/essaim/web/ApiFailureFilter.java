package org.essaim.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Under {@code /api/}, what would otherwise reach the servlet container's error page is answered as problem+json
 * too: an error sent by a filter ({@link BadInputFilter}'s 400) and a failure no handler caught (a 500, logged
 * here). {@link ApiProblems} answers what the controllers throw; together they make every 4xx and 5xx of the API
 * {@code application/problem+json} ({@code ApiProblemsEverywhereTest}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class ApiFailureFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiFailureFilter.class);

    private final Problems problems;
    private final ObjectMapper json;

    ApiFailureFilter(Problems problems, ObjectMapper json) {
        this.problems = problems;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getServletPath().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, new HttpServletResponseWrapper(response) {
                @Override
                public void sendError(int status, String message) throws IOException {
                    sendError(status);
                }

                @Override
                public void sendError(int status) throws IOException {
                    write(request, response, status);
                }
            });
        } catch (IOException | ServletException | RuntimeException failure) {
            if (response.isCommitted()) {
                throw failure;
            }
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), failure);
            write(request, response, HttpStatus.INTERNAL_SERVER_ERROR.value());
        }
    }

    private void write(HttpServletRequest request, HttpServletResponse response, int code) throws IOException {
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null) {
            status = code >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
        }
        ProblemDetail problem = problems.of(status, code(status), new Object[0], request.getRequestURI(), Map.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        body.put("instance", problem.getInstance().toString());
        response.resetBuffer();
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(json.writeValueAsBytes(body));
        response.flushBuffer();
    }

    /** The problem's code for a bare status: {@code not-found}, {@code bad-request}, {@code server-error}, … */
    private static String code(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "not-found";
            case BAD_REQUEST -> "bad-request";
            case INTERNAL_SERVER_ERROR -> "server-error";
            default -> status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
        };
    }
}
