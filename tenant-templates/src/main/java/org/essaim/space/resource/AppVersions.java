package org.essaim.space.resource;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which version of each app a space runs. In a spec, a missing version means the platform's default (the one
 * {@code app-versions.yaml} marks {@code default}); in a status, every version is filled in: what the provisioner
 * rendered.
 *
 * @param workspace the workspace (Nextcloud)
 * @param office    the shared office servers the workspace talks to (Collabora Online or OnlyOffice)
 * @param events    the events service (Mobilizon)
 * @param forum     the forum (phpBB)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"workspace", "office", "events", "forum"})
public record AppVersions(String workspace, String office, String events, String forum) {

    public static final String WORKSPACE = "workspace";
    public static final String OFFICE = "office";
    public static final String EVENTS = "events";
    public static final String FORUM = "forum";
    /** The apps whose versions a space chooses, in the order pages show them. */
    public static final List<String> APPS = List.of(WORKSPACE, OFFICE, EVENTS, FORUM);
    /** Every app at the platform's default. */
    public static final AppVersions DEFAULTS = new AppVersions(null, null, null, null);

    /** Builds versions from app names to versions ({@link #APPS}); an app missing from the map is left unset. */
    public static AppVersions of(Map<String, String> versions) {
        return new AppVersions(
                versions.get(WORKSPACE), versions.get(OFFICE), versions.get(EVENTS), versions.get(FORUM));
    }

    /** The version of one of {@link #APPS}, or null when unset. */
    public String version(String app) {
        return switch (app) {
            case WORKSPACE -> workspace;
            case OFFICE -> office;
            case EVENTS -> events;
            case FORUM -> forum;
            default -> throw new IllegalArgumentException("No app " + app + "; apps are " + APPS);
        };
    }

    /** App to version, in {@link #APPS} order, unset apps left out. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String app : APPS) {
            if (version(app) != null) {
                map.put(app, version(app));
            }
        }
        return map;
    }

    /** These versions, with {@code defaults}' for the apps left unset. */
    public AppVersions orElse(AppVersions defaults) {
        return new AppVersions(
                workspace != null ? workspace : defaults.workspace,
                office != null ? office : defaults.office,
                events != null ? events : defaults.events,
                forum != null ? forum : defaults.forum);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return workspace == null && office == null && events == null && forum == null;
    }

    /** {@code workspace 31.0.9, office 24.04, ...}: for messages and the audit log. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        asMap().forEach((app, version) ->
                text.append(text.isEmpty() ? "" : ", ").append(app).append(' ').append(version));
        return text.isEmpty() ? "platform defaults" : text.toString();
    }
}
