package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.essaim.space.resource.AppVersions;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * What one space is in Kubernetes terms: a pure function of the space's spec and the platform's settings. Nothing
 * here reads a clock, a file outside the classpath, the network or a random source, so rendering the same inputs
 * twice gives equal objects, and a space's objects never depend on another space's.
 *
 * <p>One small unit per component, each readable and testable alone: {@link NamespaceAndQuotas} (with
 * {@link NetworkPolicies}), {@link Workspace}, {@link Events}, {@link Forum}, {@link Ingresses}, {@link Backups}.
 */
public final class TenantTemplates {

    private TenantTemplates() {}

    /**
     * @throws IllegalArgumentException when the spec is not valid ({@link SpaceSpec#problems()} says why)
     */
    public static RenderedSpace render(SpaceSpec spec, PlatformSettings platform) {
        return render(spec, platform, null);
    }

    /**
     * @param singleSignOnRotation the rotation of the space's OpenID Connect client secrets that the apps must run
     *                             with ({@link SingleSignOn#ROTATION_ANNOTATION}); null before the first rotation
     * @throws IllegalArgumentException when the spec is not valid ({@link SpaceSpec#problems()} says why)
     */
    public static RenderedSpace render(SpaceSpec spec, PlatformSettings platform, String singleSignOnRotation) {
        List<String> problems = problems(spec);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "Space " + spec.slug() + " cannot be rendered: " + String.join("; ", problems));
        }
        ComponentObjects workspace = Workspace.render(spec, platform, singleSignOnRotation);
        ComponentObjects events = Events.render(spec, platform, singleSignOnRotation);
        ComponentObjects forum = Forum.render(spec, platform);
        PodBudget budget = budgetWithEveryServiceOn(spec, platform, workspace, events, forum);
        List<ComponentObjects> components = List.of(
                NamespaceAndQuotas.render(spec, platform, budget),
                workspace,
                events,
                forum,
                Ingresses.render(spec, platform),
                Backups.render(spec, platform));
        return new RenderedSpace(
                spec.slug(),
                SpaceSlug.namespace(spec.slug()),
                components,
                secrets(spec, platform),
                databases(spec),
                urls(spec, platform));
    }

    /** What keeps this spec from being rendered: {@link SpaceSpec#problems()} and versions outside the catalogue. */
    public static List<String> problems(SpaceSpec spec) {
        List<String> problems = new ArrayList<>(spec.problems());
        problems.addAll(AppCatalogue.pinned().problems(spec.appVersions()));
        return problems;
    }

    /**
     * The version of every app a space of this spec runs: the ones it names, the catalogue's defaults for the
     * others. What the provisioner reports in {@code status.versions}.
     */
    public static AppVersions versions(SpaceSpec spec) {
        return spec.appVersions().orElse(AppCatalogue.pinned().defaults());
    }

    /**
     * The Nextcloud apps the workspace of this spec enables, by app id: the offer's apps and the office connector
     * of its suite. What an upgrade's compatibility check looks at.
     */
    public static List<String> workspaceApps(SpaceSpec spec) {
        List<String> apps = new ArrayList<>(Workspace.APPS);
        apps.add(Workspace.SINGLE_SIGN_ON_APP);
        apps.add(spec.officeSuite() == OfficeSuite.ONLYOFFICE ? "onlyoffice" : "richdocuments");
        return List.copyOf(apps);
    }

    private static PodBudget budgetWithEveryServiceOn(
            SpaceSpec spec,
            PlatformSettings platform,
            ComponentObjects workspace,
            ComponentObjects events,
            ComponentObjects forum) {
        SpaceSpec everythingOn = spec.withServices(SpaceSpec.Services.ALL);
        List<HasMetadata> objects = new ArrayList<>(workspace.objects());
        objects.addAll(
                spec.services().events()
                        ? events.objects()
                        : Events.render(everythingOn, platform).objects());
        objects.addAll(
                spec.services().forum()
                        ? forum.objects()
                        : Forum.render(everythingOn, platform).objects());
        return PodBudget.of(objects, Backups.pods(everythingOn, platform));
    }

    static List<RequiredSecret> secrets(SpaceSpec spec, PlatformSettings platform) {
        List<RequiredSecret> secrets = new ArrayList<>();
        secrets.add(RequiredSecret.generated(SpaceSecrets.DIRECTORY, SpaceSecrets.PASSWORD));
        secrets.add(RequiredSecret.generated(SpaceSecrets.database(Workspace.APP), DatabaseRequirement.PASSWORD_KEY));
        secrets.add(RequiredSecret.generated(SpaceSecrets.WORKSPACE_ADMIN, SpaceSecrets.PASSWORD));
        secrets.add(RequiredSecret.generated(SpaceSecrets.BACKUP_REPOSITORY, SpaceSecrets.PASSWORD));
        secrets.add(RequiredSecret.generated(
                SingleSignOn.SECRET,
                SingleSignOn.clients(spec, platform).stream()
                        .map(SingleSignOn.Client::secretKey)
                        .toArray(String[]::new)));
        secrets.add(RequiredSecret.fromPlatform(
                SpaceSecrets.BACKUP_STORAGE, SpaceSecrets.ACCESS_KEY_ID, SpaceSecrets.SECRET_ACCESS_KEY));
        if (spec.officeSuite() == OfficeSuite.ONLYOFFICE) {
            secrets.add(RequiredSecret.fromPlatform(SpaceSecrets.ONLYOFFICE, SpaceSecrets.JWT_SECRET));
        }
        if (platform.serverInfoKeyId() != null) {
            secrets.add(RequiredSecret.fromPlatform(SpaceSecrets.SERVERINFO, SpaceSecrets.TOKEN));
        }
        if (spec.services().events()) {
            secrets.add(RequiredSecret.generated(SpaceSecrets.database(Events.APP), DatabaseRequirement.PASSWORD_KEY));
            secrets.add(RequiredSecret.generated(
                    SpaceSecrets.EVENTS_KEYS, SpaceSecrets.SECRET_KEY_BASE, SpaceSecrets.SECRET_KEY));
        }
        if (spec.services().forum()) {
            secrets.add(RequiredSecret.generated(SpaceSecrets.database(Forum.APP), DatabaseRequirement.PASSWORD_KEY));
            secrets.add(RequiredSecret.generated(SpaceSecrets.FORUM_ADMIN, SpaceSecrets.PASSWORD));
        }
        return secrets;
    }

    static List<DatabaseRequirement> databases(SpaceSpec spec) {
        List<DatabaseRequirement> databases = new ArrayList<>();
        databases.add(database(spec, Workspace.APP, Component.WORKSPACE, List.of()));
        if (spec.services().events()) {
            databases.add(database(spec, Events.APP, Component.EVENTS, Events.EXTENSIONS));
        }
        if (spec.services().forum()) {
            databases.add(database(spec, Forum.APP, Component.FORUM, List.of()));
        }
        return databases;
    }

    /**
     * Every database a space of this slug may ever have had, whatever its services: what erasing the space
     * removes.
     */
    public static List<String> allDatabaseNames(String slug) {
        return List.of(Workspace.APP, Events.APP, Forum.APP).stream()
                .map(app -> SpaceSlug.sqlIdentifier(app, slug))
                .toList();
    }

    private static DatabaseRequirement database(
            SpaceSpec spec, String app, Component component, List<String> extensions) {
        String name = SpaceSlug.sqlIdentifier(app, spec.slug());
        return new DatabaseRequirement(app, component, name, name, SpaceSecrets.database(app), extensions);
    }

    static SpaceStatus.Urls urls(SpaceSpec spec, PlatformSettings platform) {
        return new SpaceStatus.Urls(
                "https://" + Hosts.workspace(spec.slug(), platform),
                spec.services().events() ? "https://" + Hosts.events(spec.slug(), platform) : null,
                spec.services().forum() ? "https://" + Hosts.forum(spec.slug(), platform) : null);
    }
}
