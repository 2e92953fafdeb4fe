package org.essaim.space;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code essaim.spaces.*}: the domain under which each space gets {@code <slug>.<domain>}. */
@ConfigurationProperties("essaim.spaces")
public record SpaceSettings(String domain) {

    public SpaceSettings {
        domain = domain == null || domain.isBlank() ? "essaim.local" : domain.strip();
    }

    public String address(String slug) {
        return slug + "." + domain;
    }
}
