package org.essaim.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;

/**
 * Refuses, with a 4xx and the usual error page (or problem+json under /api), input no page or operation takes and
 * that would otherwise surface as a 500 further in: a NUL in a parameter's name, or in a query's value (the filters
 * of lists: PostgreSQL refuses it in text; forms explain a NUL next to their field instead); a parameter name with a dot or a bracket (the data binder would read it as a
 * nested property; no form of Essaim has one); and {@code /error} asked for directly (it only renders errors).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BadInputFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.REQUEST && "/error".equals(request.getServletPath())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (bad(request)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean bad(HttpServletRequest request) throws IOException {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            return false; // left to the normal handling of unreadable bodies
        }
        boolean query = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (name.indexOf('\0') >= 0 || name.indexOf('.') >= 0 || name.indexOf('[') >= 0) {
                return true;
            }
            for (String value : parameter.getValue()) {
                if (query && value != null && value.indexOf('\0') >= 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
