package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The events service: Mobilizon with its LDAP authenticator bound to the space's subtree, its uploads volume and its
 * database. When the space turns the service off, its workload, Service and configuration go away; its volume,
 * database and keys stay, so turning it on again finds every event.
 */
final class Events {

    static final String APP = "mobilizon";
    static final String SERVICE = "mobilizon";
    static final int UPLOADS_VOLUME_GIB = 5;
    /** Mobilizon's database needs these (its own start-up script would create them, without the rights to). */
    static final List<String> EXTENSIONS = List.of("postgis", "pg_trgm", "unaccent");

    private Events() {}

    static ComponentObjects render(SpaceSpec spec, PlatformSettings platform) {
        return render(spec, platform, null);
    }

    /** @param singleSignOnRotation as {@link Workspace#render(SpaceSpec, PlatformSettings, String)}: restarts Mobilizon */
    static ComponentObjects render(SpaceSpec spec, PlatformSettings platform, String singleSignOnRotation) {
        String slug = spec.slug();
        String namespace = SpaceSlug.namespace(slug);
        Map<String, String> labels = SpaceLabels.of(slug, APP, Component.EVENTS);
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(Volumes.claim("mobilizon-uploads", namespace, labels, UPLOADS_VOLUME_GIB, platform));
        objects.add(Workspace.configMap(
                "mobilizon-config", namespace, labels, "mobilizon.exs", Templates.text("events/mobilizon.exs")));
        objects.add(deployment(spec, platform, namespace, labels, singleSignOnRotation));
        objects.add(Volumes.service(SERVICE, namespace, labels, SpaceLabels.selector(slug, APP)));
        if (!spec.services().events()) {
            List<ObjectRef> absent = objects.stream()
                    .filter(object -> !"PersistentVolumeClaim".equals(object.getKind()))
                    .map(ObjectRef::of)
                    .toList();
            return new ComponentObjects(Component.EVENTS, List.of(), absent);
        }
        return new ComponentObjects(Component.EVENTS, objects, List.of());
    }

    private static Deployment deployment(
            SpaceSpec spec,
            PlatformSettings platform,
            String namespace,
            Map<String, String> labels,
            String singleSignOnRotation) {
        Deployment deployment =
                Templates.place(Templates.load(Deployment.class, "events/deployment.yaml"), APP, namespace, labels);
        deployment.getSpec().setReplicas(spec.suspended() ? 0 : 1);
        deployment.getSpec().setSelector(Templates.selector(SpaceLabels.selector(spec.slug(), APP)));
        deployment.getSpec().getTemplate().getMetadata().getLabels().putAll(labels);
        SpaceDirectoryNames directory =
                SpaceDirectoryNames.of(spec.slug(), platform.directory().baseDn());
        String database = SpaceSlug.sqlIdentifier(APP, spec.slug());
        Container mobilizon =
                Templates.container(deployment.getSpec().getTemplate().getSpec(), "mobilizon");
        mobilizon.setImage(platform.images(spec).mobilizon());
        Templates.env(mobilizon, "MOBILIZON_INSTANCE_NAME", spec.displayName());
        Templates.env(mobilizon, "MOBILIZON_INSTANCE_HOST", Hosts.events(spec.slug(), platform));
        PlatformSettings.MailRelay mail = platform.mail();
        Templates.env(mobilizon, "MOBILIZON_INSTANCE_EMAIL", mail.fromAddress());
        Templates.env(mobilizon, "MOBILIZON_REPLY_EMAIL", mail.fromAddress());
        Templates.env(mobilizon, "MOBILIZON_SMTP_SERVER", mail.host());
        Templates.env(mobilizon, "MOBILIZON_SMTP_PORT", Integer.toString(mail.port()));
        Templates.env(mobilizon, "ESSAIM_SMTP_SECURITY", mail.security().name().toLowerCase(Locale.ROOT));
        Templates.env(mobilizon, "MOBILIZON_DATABASE_HOST", platform.database().host());
        Templates.env(
                mobilizon,
                "MOBILIZON_DATABASE_PORT",
                Integer.toString(platform.database().port()));
        Templates.env(mobilizon, "MOBILIZON_DATABASE_DBNAME", database);
        Templates.env(mobilizon, "MOBILIZON_DATABASE_USERNAME", database);
        Templates.env(
                mobilizon,
                "ESSAIM_LDAP_SECURITY",
                platform.directory().security().name().toLowerCase(Locale.ROOT));
        Templates.env(mobilizon, "ESSAIM_LDAP_HOST", platform.directory().host());
        Templates.env(
                mobilizon,
                "ESSAIM_LDAP_PORT",
                Integer.toString(platform.directory().port()));
        Templates.env(mobilizon, "ESSAIM_LDAP_PEOPLE_BASE", directory.people());
        Templates.env(mobilizon, "ESSAIM_LDAP_MEMBERS_GROUP", directory.members());
        Templates.env(mobilizon, "ESSAIM_LDAP_BIND_DN", directory.serviceAccount());
        mobilizon
                .getEnv()
                .add(Templates.secretEnv(
                        "MOBILIZON_DATABASE_PASSWORD", SpaceSecrets.database(APP), DatabaseRequirement.PASSWORD_KEY));
        mobilizon
                .getEnv()
                .add(Templates.secretEnv(
                        "MOBILIZON_INSTANCE_SECRET_KEY_BASE", SpaceSecrets.EVENTS_KEYS, SpaceSecrets.SECRET_KEY_BASE));
        mobilizon
                .getEnv()
                .add(Templates.secretEnv(
                        "MOBILIZON_INSTANCE_SECRET_KEY", SpaceSecrets.EVENTS_KEYS, SpaceSecrets.SECRET_KEY));
        mobilizon
                .getEnv()
                .add(Templates.secretEnv("ESSAIM_LDAP_BIND_PASSWORD", SpaceSecrets.DIRECTORY, SpaceSecrets.PASSWORD));
        // Single sign-on through Essaim (mobilizon.exs): the issuer, the space's events client and its secret.
        Templates.env(
                mobilizon, "ESSAIM_SSO_ISSUER", platform.singleSignOn().issuer().toString());
        Templates.env(mobilizon, "ESSAIM_SSO_CLIENT_ID", SingleSignOn.clientId(spec.slug(), SingleSignOn.EVENTS));
        mobilizon
                .getEnv()
                .add(Templates.secretEnv(
                        "ESSAIM_SSO_CLIENT_SECRET", SingleSignOn.SECRET, SingleSignOn.secretKey(SingleSignOn.EVENTS)));
        if (singleSignOnRotation != null) {
            // Mobilizon reads its secret at start: a new rotation restarts it with the new one.
            deployment
                    .getSpec()
                    .getTemplate()
                    .getMetadata()
                    .setAnnotations(
                            new LinkedHashMap<>(Map.of(SingleSignOn.ROTATION_ANNOTATION, singleSignOnRotation)));
        }
        if (DirectoryCa.mount(deployment.getSpec().getTemplate().getSpec(), platform, mobilizon)) {
            mobilizon.getEnv().add(new EnvVar("ESSAIM_LDAP_CA_FILE", DirectoryCa.FILE, null));
        }
        return deployment;
    }
}
