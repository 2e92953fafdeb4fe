package org.essaim.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses, with a 4xx and the usual error page (or problem+json under /api), input no page or operation takes and
 * that would otherwise surface as a 500 further in: a NUL in a parameter's name, or in a query's value (the filters
 * of lists: PostgreSQL refuses it in text; forms explain a NUL next to their field instead); a parameter name with a dot or a bracket (the data binder would read it as a
 * nested property; no form of Essaim has one); invalid UTF-8 in a query or a form (the container decodes it into
 * U+FFFD, which nobody types); a NUL or another control character in an uploaded file's name; and {@code /error}
 * asked for directly (it only renders errors).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BadInputFilter extends OncePerRequestFilter {

    private final Refusal refusal;

    BadInputFilter(Refusal refusal) {
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.REQUEST && "/error".equals(request.getServletPath())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (bad(request)) {
            refusal.refuse(request, response, HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean bad(HttpServletRequest request) throws IOException {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            // The container could not read the parameters (invalid UTF-8, a malformed multipart body, such as a NUL
            // in a file's name): nothing further in could read them either.
            return true;
        }
        // The container drops a parameter it cannot decode (invalid UTF-8, say) and says so in this attribute.
        if (request.getAttribute("org.apache.catalina.parameter_parse_failed") != null) {
            return true;
        }
        boolean query = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (name.indexOf('\0') >= 0 || name.indexOf('.') >= 0 || name.indexOf('[') >= 0) {
                return true;
            }
            if (name.indexOf('\uFFFD') >= 0) {
                return true;
            }
            for (String value : parameter.getValue()) {
                if (value != null && (query && value.indexOf('\0') >= 0 || value.indexOf('\uFFFD') >= 0)) {
                    return true;
                }
            }
        }
        return badFileName(request);
    }

    private static boolean badFileName(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return false;
        }
        try {
            for (Part part : request.getParts()) {
                // The raw header: the container's own reading of the name may stop at a NUL that Spring keeps.
                String disposition = part.getHeader("Content-Disposition");
                if (disposition != null && disposition.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7F)) {
                    return true;
                }
            }
        } catch (ServletException | RuntimeException e) {
            return false; // left to the normal handling of unreadable bodies
        }
        return false;
    }
}
