package org.essaim.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.essaim.space.SpaceSettings;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the shared layout needs on every page. Thymeleaf 3.1 no longer exposes the request to templates, so the
 * language picker gets the current path from here.
 */
@ControllerAdvice(annotations = Controller.class)
class PageModel {

    private final PlatformPolicies policies;
    private final SpaceSettings spaceSettings;

    PageModel(PlatformPolicies policies, SpaceSettings spaceSettings) {
        this.policies = policies;
        this.spaceSettings = spaceSettings;
    }

    /** The platform's own domain, for hints such as "jardins or jardins.<domain>" (never a made-up one). */
    @ModelAttribute("spaceDomain")
    String spaceDomain() {
        return spaceSettings.domain();
    }

    /**
     * The current page in each language: same path, same query, {@code lang} replaced. Keeps a sign-in error or a
     * notice on screen when someone switches language.
     */
    @ModelAttribute("languageLinks")
    Map<String, String> languageLinks(HttpServletRequest request) {
        String path = currentPath(request);
        String query = request.getDispatcherType() == DispatcherType.ERROR ? null : request.getQueryString();
        Map<String, String> links = new LinkedHashMap<>();
        for (Locale locale : LanguageConfiguration.SUPPORTED) {
            String tag = locale.getLanguage();
            try {
                links.put(
                        tag,
                        UriComponentsBuilder.fromPath(path)
                                .query(query)
                                .replaceQueryParam("lang", tag)
                                .build(true)
                                .toUriString());
            } catch (IllegalArgumentException malformedQuery) {
                links.put(
                        tag,
                        UriComponentsBuilder.fromPath(path)
                                .queryParam("lang", tag)
                                .build(true)
                                .toUriString());
            }
        }
        return links;
    }

    @ModelAttribute("platform")
    PlatformPolicies platform() {
        return policies;
    }

    /**
     * On the error page of a form refused for its CSRF token (the page stayed open past its session's end): the path
     * of the page the form was sent from, to open again (the Referer, which browsers send to the same origin; only its
     * path is used, so the link stays on this site), or "/" without one; null on every other page.
     */
    @ModelAttribute("expiredFormPage")
    String expiredFormPage(HttpServletRequest request) {
        if (!(request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException)) {
            return null;
        }
        String referer = request.getHeader("Referer");
        try {
            String path = referer == null ? null : new URI(referer).getRawPath();
            return path != null && path.startsWith("/") && !path.startsWith("//") ? path : "/";
        } catch (URISyntaxException malformed) {
            return "/";
        }
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        Object forwarded = request.getAttribute("jakarta.servlet.error.request_uri");
        String path = forwarded instanceof String original ? original : request.getRequestURI();
        String context = request.getContextPath();
        return path.startsWith(context) ? path.substring(context.length()) : path;
    }
}
