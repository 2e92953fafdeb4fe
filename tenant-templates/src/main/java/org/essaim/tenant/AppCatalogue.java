package org.essaim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.essaim.space.resource.AppVersions;
import org.essaim.space.resource.OfficeSuite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every version of every app a space may run, its images, the default, and the known incompatibilities with the
 * workspace's apps: {@code app-versions.yaml} beside this class, the one place where versions are pinned.
 */
public final class AppCatalogue {

    private static final String RESOURCE = "app-versions.yaml";
    private static final AppCatalogue PINNED = load();

    private final String nginx;
    private final String postgresClient;
    private final AppVersions defaults;
    private final Map<String, Map<String, Release>> releases;

    /**
     * One version of one app.
     *
     * @param images       the images it runs: {@code image} for the workspace, events and forum; {@code collabora} and
     *                     {@code onlyoffice} for the office servers
     * @param hosts        office only: the first label of the host each suite's server of this version answers on
     * @param incompatible workspace app id to why it must not run with this version
     */
    public record Release(
            String app,
            String version,
            Map<String, String> images,
            Map<String, String> hosts,
            Map<String, String> incompatible) {}

    /** A known incompatibility between a target version and an app the workspace enables. */
    public record Incompatibility(String app, String version, String workspaceApp, String reason) {
        @Override
        public String toString() {
            return workspaceApp + " with " + app + " " + version + ": " + reason;
        }
    }

    private AppCatalogue(
            String nginx, String postgresClient, AppVersions defaults, Map<String, Map<String, Release>> releases) {
        this.nginx = nginx;
        this.postgresClient = postgresClient;
        this.defaults = defaults;
        this.releases = releases;
    }

    /** The catalogue this release of Essaim was built and tested with. */
    public static AppCatalogue pinned() {
        return PINNED;
    }

    public AppVersions defaults() {
        return defaults;
    }

    /** The versions of one app a space may run, in the file's order (oldest first). */
    public List<String> versions(String app) {
        return List.copyOf(app(app).keySet());
    }

    /** Every app's allowed versions, in {@link AppVersions#APPS} order. */
    public Map<String, List<String>> allowed() {
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        AppVersions.APPS.forEach(app -> allowed.put(app, versions(app)));
        return allowed;
    }

    public boolean allows(String app, String version) {
        return app(app).containsKey(version);
    }

    public Release release(String app, String version) {
        Release release = app(app).get(version);
        if (release == null) {
            throw new IllegalArgumentException(
                    app + " " + version + " is not in " + RESOURCE + "; allowed: " + versions(app));
        }
        return release;
    }

    /** Every image the catalogue names, office servers included. */
    public List<String> allImages() {
        List<String> images = new ArrayList<>(List.of(nginx, postgresClient));
        releases.values()
                .forEach(byVersion ->
                        byVersion.values().forEach(r -> images.addAll(r.images().values())));
        return images;
    }

    /** What is wrong with these versions (each unset app is fine: it means the default). */
    public List<String> problems(AppVersions versions) {
        List<String> problems = new ArrayList<>();
        versions.asMap().forEach((app, version) -> {
            if (!allows(app, version)) {
                problems.add(
                        app + " " + version + " is not an allowed version (" + String.join(", ", versions(app)) + ")");
            }
        });
        return problems;
    }

    /** The images of the workspace, events and forum versions given; {@code platform}'s for the apps left unset. */
    public ImageVersions images(AppVersions versions, ImageVersions platform) {
        return new ImageVersions(
                versions.workspace() == null
                        ? platform.nextcloud()
                        : image(AppVersions.WORKSPACE, versions.workspace()),
                platform.nginx(),
                versions.events() == null ? platform.mobilizon() : image(AppVersions.EVENTS, versions.events()),
                versions.forum() == null ? platform.forum() : image(AppVersions.FORUM, versions.forum()));
    }

    /** The image that dumps a space's databases before each backup (pg_dump; not a version spaces choose). */
    public String postgresClient() {
        return postgresClient;
    }

    /** The images of the default versions: what every space runs unless told otherwise. */
    ImageVersions defaultImages() {
        return new ImageVersions(
                image(AppVersions.WORKSPACE, defaults.workspace()),
                nginx,
                image(AppVersions.EVENTS, defaults.events()),
                image(AppVersions.FORUM, defaults.forum()));
    }

    /** The office server of {@code version} for {@code suite}, on the platform's domain. */
    public URI officeServer(String version, OfficeSuite suite, String domain) {
        String host =
                release(AppVersions.OFFICE, version).hosts().get(suite.name().toLowerCase(Locale.ROOT));
        return URI.create("https://" + host + "." + domain);
    }

    /** The known incompatibilities between {@code versions} and the workspace apps given, in catalogue order. */
    public List<Incompatibility> incompatibilities(AppVersions versions, Collection<String> workspaceApps) {
        List<Incompatibility> found = new ArrayList<>();
        versions.asMap().forEach((app, version) -> {
            Release release = app(app).get(version);
            if (release != null) {
                release.incompatible().forEach((workspaceApp, reason) -> {
                    if (workspaceApps.contains(workspaceApp)) {
                        found.add(new Incompatibility(app, version, workspaceApp, reason));
                    }
                });
            }
        });
        return found;
    }

    private String image(String app, String version) {
        return release(app, version).images().get("image");
    }

    private Map<String, Release> app(String app) {
        Map<String, Release> byVersion = releases.get(app);
        if (byVersion == null) {
            throw new IllegalArgumentException("No app " + app + "; apps are " + AppVersions.APPS);
        }
        return byVersion;
    }

    static AppCatalogue load() {
        JsonNode root;
        try (InputStream in = AppCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the tenant templates");
            }
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(root);
    }

    static AppCatalogue parse(JsonNode root) {
        String nginx = required(root, "nginx", "nginx");
        String postgresClient = required(root, "postgres-client", "postgres-client");
        Map<String, Map<String, Release>> releases = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String app : AppVersions.APPS) {
            JsonNode node = root.path("apps").path(app);
            Map<String, Release> byVersion = new LinkedHashMap<>();
            node.path("versions")
                    .properties()
                    .forEach(entry -> byVersion.put(entry.getKey(), release(app, entry.getKey(), entry.getValue())));
            String fallback = required(node, "default", app);
            if (!byVersion.containsKey(fallback)) {
                throw new IllegalStateException(
                        RESOURCE + ": the default " + app + " version " + fallback + " is not among its versions");
            }
            defaults.put(app, fallback);
            releases.put(app, byVersion);
        }
        return new AppCatalogue(nginx, postgresClient, AppVersions.of(defaults), releases);
    }

    private static Release release(String app, String version, JsonNode node) {
        Map<String, String> images = new LinkedHashMap<>();
        Map<String, String> hosts = new LinkedHashMap<>();
        if (AppVersions.OFFICE.equals(app)) {
            for (OfficeSuite suite : OfficeSuite.values()) {
                String key = suite.name().toLowerCase(Locale.ROOT);
                images.put(key, required(node.path(key), "image", app + " " + version + " " + key));
                hosts.put(key, required(node.path(key), "host", app + " " + version + " " + key));
            }
        } else {
            images.put("image", required(node, "image", app + " " + version));
        }
        Map<String, String> incompatible = new LinkedHashMap<>();
        node.path("incompatible")
                .properties()
                .forEach(e -> incompatible.put(e.getKey(), e.getValue().asText().strip()));
        return new Release(app, version, Map.copyOf(images), Map.copyOf(hosts), Map.copyOf(incompatible));
    }

    private static String required(JsonNode node, String field, String what) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalStateException(RESOURCE + " has no " + field + " for " + what);
        }
        return value.strip();
    }
}
