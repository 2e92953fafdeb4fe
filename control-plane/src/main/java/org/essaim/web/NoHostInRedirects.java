package org.essaim.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The {@code Host} header is never copied into a {@code Location}: a redirect (or a 201's Location) that points back
 * at this application by the host the request named (Tomcat's absolute redirects, Spring Security's login entry
 * point, URIs built from the current request) is sent as a path, which the browser resolves against the address it
 * actually used. A forged {@code Host} (cache poisoning, links to a look-alike site) therefore goes nowhere. Addresses
 * meant for elsewhere (an app of a space, another site) are left as they are. Emails, which need absolute links, use
 * the configured public address ({@link PublicLinks}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class NoHostInRedirects extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void sendRedirect(String location) throws IOException {
                String own = own(request, location);
                // Tomcat would make a path absolute again with the Host header: the header is set here instead.
                resetBuffer();
                setStatus(SC_FOUND);
                super.setHeader("Location", own);
                flushBuffer();
            }

            @Override
            public void setHeader(String name, String value) {
                super.setHeader(name, "Location".equalsIgnoreCase(name) && value != null ? own(request, value) : value);
            }

            @Override
            public void addHeader(String name, String value) {
                super.addHeader(name, "Location".equalsIgnoreCase(name) && value != null ? own(request, value) : value);
            }
        });
    }

    /** {@code location} as a path when it names this request's own host; as it is otherwise. */
    static String own(HttpServletRequest request, String location) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return location;
        }
        if (uri.getRawAuthority() == null) {
            return location; // already relative (or scheme-only, such as mailto:)
        }
        String requestHost =
                request.getServerName() == null ? "" : request.getServerName().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        if (!host.equals(requestHost) || port != request.getServerPort()) {
            return location;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        // "//evil" as a path would be read as another host: keep a single leading slash.
        path = "/" + path.replaceFirst("^/+", "");
        return path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    }
}
