package org.essaim.tenant;

/** A space's three host names. The slug rules make them unique across spaces (see SpaceSlug). */
public final class Hosts {

    private Hosts() {}

    public static String workspace(String slug, PlatformSettings platform) {
        return slug + "." + platform.domain();
    }

    public static String events(String slug, PlatformSettings platform) {
        return slug + "-events." + platform.domain();
    }

    public static String forum(String slug, PlatformSettings platform) {
        return slug + "-forum." + platform.domain();
    }
}
