package org.essaim.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the shared layout needs on every page. Thymeleaf 3.1 no longer exposes the request to templates, so the
 * language picker gets the current path from here.
 */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class PageModel {

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        Object forwarded = request.getAttribute("jakarta.servlet.error.request_uri");
        String path = forwarded instanceof String original ? original : request.getRequestURI();
        String context = request.getContextPath();
        return path.startsWith(context) ? path.substring(context.length()) : path;
    }
}
