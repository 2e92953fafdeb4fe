package org.essaim.space;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code essaim.spaces.*}.
 *
 * @param domain each space is reached at {@code <slug>.<domain>} (and {@code <slug>-events.<domain>},
 *               {@code <slug>-forum.<domain>})
 */
@ConfigurationProperties("essaim.spaces")
public record SpaceSettings(@DefaultValue("essaim.local") String domain) {

    public SpaceSettings {
        if (domain == null || domain.isBlank()) {
            throw new InvalidSetting("essaim.spaces.domain", "must be a domain such as essaim.example.org");
        }
        domain = domain.strip();
    }

    public String address(String slug) {
        return slug + "." + domain;
    }
}
