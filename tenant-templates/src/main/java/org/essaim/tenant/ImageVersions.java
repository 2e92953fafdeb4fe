package org.essaim.tenant;

/**
 * The image every space's apps run, each pinned to an exact version. The pinned set lives in one place,
 * {@code app-versions.yaml} (see {@link AppCatalogue}); a platform may override the defaults, and a space's spec may
 * name other versions of the catalogue (upgrades roll out by changing those).
 */
public record ImageVersions(String nextcloud, String nginx, String mobilizon, String forum) {

    /** The images of the catalogue's default versions. */
    public static ImageVersions pinned() {
        return AppCatalogue.pinned().defaultImages();
    }
}
