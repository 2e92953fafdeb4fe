package org.essaim.tenant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The image every space's apps run, each pinned to an exact version. The pinned set lives in one place,
 * {@code images.properties} beside this class; a platform may override it (upgrades roll out by changing these).
 */
public record ImageVersions(String nextcloud, String nginx, String mobilizon, String forum) {

    private static final String RESOURCE = "images.properties";

    /** The versions this release of Essaim was built and tested with. */
    public static ImageVersions pinned() {
        Properties properties = load();
        return new ImageVersions(required(properties, "nextcloud"), required(properties, "nginx"),
                required(properties, "mobilizon"), required(properties, "forum"));
    }

    /** One image of the pinned set that is not an app's (the database dump's), by its key. */
    static String pinnedImage(String key) {
        return required(load(), key);
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = ImageVersions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the tenant templates");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(RESOURCE + " has no image for " + key);
        }
        return value.strip();
    }
}
