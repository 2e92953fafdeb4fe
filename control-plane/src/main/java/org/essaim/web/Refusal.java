package org.essaim.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How the input filters refuse a request before any controller runs: under {@code /api} an RFC 9457 problem (the
 * API's one error format, in the caller's language) written here, since the container's error page would answer
 * plain JSON; elsewhere the usual error page.
 */
@Component
class Refusal {

    private final MessageSource messages;

    Refusal(MessageSource messages) {
        this.messages = messages;
    }

    void refuse(HttpServletRequest request, HttpServletResponse response, int status) throws IOException {
        String path = request.getRequestURI();
        if (path == null || !path.startsWith("/api/")) {
            response.sendError(status);
            return;
        }
        Locale locale = request.getLocale();
        String code = status == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE ? "too-large" : "bad-input";
        HttpStatus httpStatus = HttpStatus.valueOf(status);
        String title = messages.getMessage("problem." + code + ".title", null, httpStatus.getReasonPhrase(), locale);
        String detail = messages.getMessage("problem." + code + ".detail", null, "", locale);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write("{\"type\":\"" + Problems.TYPE_BASE + code + "\",\"title\":" + json(title) + ",\"status\":"
                        + status + ",\"detail\":" + json(detail) + ",\"instance\":" + json(path) + "}");
        response.flushBuffer();
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
