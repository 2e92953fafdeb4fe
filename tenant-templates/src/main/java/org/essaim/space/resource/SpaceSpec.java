package org.essaim.space.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.List;

/**
 * What a space should be, as staff and the space's admins decided: written by the control plane, read by the
 * provisioner and turned into Kubernetes objects by the tenant templates.
 *
 * @param slug        the space's short name, equal to the resource's name (see {@link SpaceSlug})
 * @param displayName the association's name as shown in the apps
 * @param language    {@code fr} or {@code en}: the apps' default language
 * @param quotas      accounts and storage
 * @param officeSuite which office suite the workspace uses
 * @param services    which optional services are on
 * @param suspended   true to stop every service while keeping every volume, database and directory entry
 * @param versions    the version of each app; null (or an app left out) means the platform's default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"slug", "displayName", "language", "quotas", "officeSuite", "services", "suspended", "versions"})
public record SpaceSpec(
        String slug,
        String displayName,
        String language,
        Quotas quotas,
        OfficeSuite officeSuite,
        Services services,
        boolean suspended,
        AppVersions versions) {

    public static final String DEFAULT_LANGUAGE = "fr";
    public static final List<String> LANGUAGES = List.of("fr", "en");

    /** Fills what the CRD would default, so a spec read from anywhere behaves like one read from the API server. */
    public SpaceSpec {
        language = language == null ? DEFAULT_LANGUAGE : language;
        quotas = quotas == null ? Quotas.DEFAULT : quotas;
        officeSuite = officeSuite == null ? OfficeSuite.COLLABORA : officeSuite;
        services = services == null ? Services.ALL : services;
        // Nothing set reads as nothing written, so a spec without versions equals one read back from the server.
        versions = versions == null || versions.isEmpty() ? null : versions;
    }

    public SpaceSpec(
            String slug,
            String displayName,
            String language,
            Quotas quotas,
            OfficeSuite officeSuite,
            Services services,
            boolean suspended) {
        this(slug, displayName, language, quotas, officeSuite, services, suspended, null);
    }

    /** The defaults of DESIGN.md: French, 50 accounts, 40 GiB, Collabora, events and forum on, running. */
    public static SpaceSpec of(String slug, String displayName) {
        return new SpaceSpec(
                slug, displayName, DEFAULT_LANGUAGE, Quotas.DEFAULT, OfficeSuite.COLLABORA, Services.ALL, false, null);
    }

    public SpaceSpec withQuotas(Quotas quotas) {
        return new SpaceSpec(slug, displayName, language, quotas, officeSuite, services, suspended, versions);
    }

    public SpaceSpec withOfficeSuite(OfficeSuite officeSuite) {
        return new SpaceSpec(slug, displayName, language, quotas, officeSuite, services, suspended, versions);
    }

    public SpaceSpec withServices(Services services) {
        return new SpaceSpec(slug, displayName, language, quotas, officeSuite, services, suspended, versions);
    }

    public SpaceSpec withLanguage(String language) {
        return new SpaceSpec(slug, displayName, language, quotas, officeSuite, services, suspended, versions);
    }

    public SpaceSpec withSuspended(boolean suspended) {
        return new SpaceSpec(slug, displayName, language, quotas, officeSuite, services, suspended, versions);
    }

    public SpaceSpec withVersions(AppVersions versions) {
        return new SpaceSpec(slug, displayName, language, quotas, officeSuite, services, suspended, versions);
    }

    /** The versions this spec asks for; every app at the platform's default when it names none. */
    public AppVersions appVersions() {
        return versions == null ? AppVersions.DEFAULTS : versions;
    }

    /**
     * What is wrong with this spec, each in words a person can act on; empty when it is valid. The CRD's schema
     * refuses the same things at the API server; this catches specs that did not come through it.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>(SpaceSlug.problems(slug));
        if (displayName == null || displayName.isBlank()) {
            problems.add("the display name is missing");
        } else if (displayName.length() > 200) {
            problems.add("the display name is longer than 200 characters");
        }
        if (!LANGUAGES.contains(language)) {
            problems.add("the language must be one of " + LANGUAGES + ", not " + language);
        }
        problems.addAll(quotas.problems());
        return problems;
    }

    /**
     * @param accounts   how many accounts the space may hold (enforced by the control plane)
     * @param storageGiB the workspace's data volume, shared by all the accounts
     */
    @JsonPropertyOrder({"accounts", "storageGiB"})
    public record Quotas(int accounts, int storageGiB) {

        public static final int MAX_ACCOUNTS = 1000;
        public static final int MAX_STORAGE_GIB = 2048;
        public static final Quotas DEFAULT = new Quotas(50, 40);

        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (accounts < 1 || accounts > MAX_ACCOUNTS) {
                problems.add("the account quota must be between 1 and " + MAX_ACCOUNTS + ", not " + accounts);
            }
            if (storageGiB < 1 || storageGiB > MAX_STORAGE_GIB) {
                problems.add("the storage quota must be between 1 and " + MAX_STORAGE_GIB + " GiB, not " + storageGiB);
            }
            return problems;
        }
    }

    /** Which optional services run beside the workspace. */
    @JsonPropertyOrder({"events", "forum"})
    public record Services(boolean events, boolean forum) {
        public static final Services ALL = new Services(true, true);
        public static final Services NONE = new Services(false, false);
    }
}
