package org.essaim.signon;

import java.util.Optional;

/**
 * Who an authorization was granted to, as the provider stores it: {@code <uid>@<slug>}, the signed-in space
 * account's name (SpaceAccount). The provider keeps only this plain name, never the sign-in's own objects.
 */
record SignOnPrincipal(String uid, String slug) {

    static Optional<SignOnPrincipal> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        int at = name.lastIndexOf('@');
        if (at <= 0 || at == name.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new SignOnPrincipal(name.substring(0, at), name.substring(at + 1)));
    }

    String name() {
        return uid + "@" + slug;
    }
}
