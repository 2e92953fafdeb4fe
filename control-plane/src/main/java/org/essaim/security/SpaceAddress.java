package org.essaim.security;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What people type for "your space's address": its slug ({@code jardins}), its host ({@code jardins.essaim.org}),
 * or a pasted link ({@code https://jardins.essaim.org/}). Anything else names no space.
 */
final class SpaceAddress {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,28}[a-z0-9]");

    private SpaceAddress() {}

    static Optional<String> slug(String typed, String domain) {
        if (typed == null) {
            return Optional.empty();
        }
        String value = typed.strip().toLowerCase(Locale.ROOT);
        value = value.replaceFirst("^[a-z]+://", "");
        int slash = value.indexOf('/');
        if (slash >= 0) {
            value = value.substring(0, slash);
        }
        String suffix = "." + domain.toLowerCase(Locale.ROOT);
        if (value.endsWith(suffix)) {
            value = value.substring(0, value.length() - suffix.length());
        }
        return SLUG.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }
}
