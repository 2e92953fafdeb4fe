package org.essaim.tenant;

/** The platform the tests render for. */
final class Platforms {

    static final String DOMAIN = "essaim.example";
    static final String BASE_DN = "dc=essaim,dc=example";

    private Platforms() {}

    static PlatformSettings example() {
        return PlatformSettings.defaults(DOMAIN, BASE_DN);
    }
}
