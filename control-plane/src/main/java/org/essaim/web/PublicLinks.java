package org.essaim.web;

import org.essaim.platform.EssaimProperties;
import org.springframework.stereotype.Component;

/** Absolute links for emails, on the public address people reach Essaim at ({@code essaim.public-url}). */
@Component
public class PublicLinks {

    private final String base;

    PublicLinks(EssaimProperties properties) {
        String url = properties.publicUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** {@code path} starts with a slash. */
    public String to(String path) {
        return base + path;
    }
}
