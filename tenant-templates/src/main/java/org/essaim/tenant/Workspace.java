package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workspace: Nextcloud (PHP-FPM, nginx, background jobs) with its program volume and its data volume (the
 * accounts' shared storage quota), and the Job that configures it through {@code occ}: the directory limited to the
 * space's subtree and bound with the space's service account, members only, sign-in by uid or email, the admins
 * group as Nextcloud admins, the office suite the space chose and the apps of the offer.
 */
final class Workspace {

    static final String APP = "nextcloud";
    static final String SERVICE = "nextcloud";
    static final String ADMIN_USER = "essaim-admin";
    static final String SERVERINFO_KEY_ANNOTATION = "essaim.org/serverinfo-key-id";
    /** Nextcloud's OpenID Connect client (in the image, not an app of the offer): the script configures it. */
    static final String SINGLE_SIGN_ON_APP = "user_oidc";

    static final int PROGRAM_VOLUME_GIB = 2;
    /** The offer's apps, by app id: calendar, contacts, photos, deck, collectives (on Teams), talk. */
    static final List<String> APPS =
            List.of("calendar", "contacts", "photos", "deck", "circles", "collectives", "spreed");

    private Workspace() {}

    static ComponentObjects render(SpaceSpec spec, PlatformSettings platform) {
        return render(spec, platform, null);
    }

    /**
     * @param singleSignOnRotation the rotation of the space's client secrets the provisioner last made (see
     *                             {@link SingleSignOn#ROTATION_ANNOTATION}), null before any: a new one runs the
     *                             configure Job again, which gives user_oidc the new secret
     */
    static ComponentObjects render(SpaceSpec spec, PlatformSettings platform, String singleSignOnRotation) {
        String slug = spec.slug();
        String namespace = SpaceSlug.namespace(slug);
        Map<String, String> labels = SpaceLabels.of(slug, APP, Component.WORKSPACE);
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(Volumes.claim("nextcloud-app", namespace, labels, PROGRAM_VOLUME_GIB, platform));
        objects.add(
                Volumes.claim("nextcloud-data", namespace, labels, spec.quotas().storageGiB(), platform));
        objects.add(
                configMap("nextcloud-web", namespace, labels, "default.conf", Templates.text("workspace/nginx.conf")));
        ConfigMap script = configMap(
                "nextcloud-configure",
                namespace,
                labels,
                "configure-workspace.sh",
                Templates.text("workspace/configure-workspace.sh"));
        objects.add(script);
        objects.add(deployment(spec, platform, namespace, labels));
        objects.add(Volumes.service(SERVICE, namespace, labels, SpaceLabels.selector(slug, APP)));
        objects.add(configureJob(spec, platform, namespace, labels, script, singleSignOnRotation));
        return new ComponentObjects(Component.WORKSPACE, objects, List.of());
    }

    static ConfigMap configMap(String name, String namespace, Map<String, String> labels, String key, String text) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withData(Map.of(key, text))
                .build();
    }

    private static Deployment deployment(
            SpaceSpec spec, PlatformSettings platform, String namespace, Map<String, String> labels) {
        Deployment deployment =
                Templates.place(Templates.load(Deployment.class, "workspace/deployment.yaml"), APP, namespace, labels);
        Map<String, String> selector = SpaceLabels.selector(spec.slug(), APP);
        deployment.getSpec().setReplicas(spec.suspended() ? 0 : 1);
        deployment.getSpec().setSelector(Templates.selector(selector));
        deployment.getSpec().getTemplate().getMetadata().getLabels().putAll(labels);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        String database = SpaceSlug.sqlIdentifier(APP, spec.slug());
        Container nextcloud = Templates.container(pod, "nextcloud");
        nextcloud.setImage(platform.images(spec).nextcloud());
        Templates.env(
                nextcloud,
                "POSTGRES_HOST",
                platform.database().host() + ":" + platform.database().port());
        Templates.env(nextcloud, "POSTGRES_DB", database);
        Templates.env(nextcloud, "POSTGRES_USER", database);
        Templates.env(nextcloud, "NEXTCLOUD_ADMIN_USER", ADMIN_USER);
        Templates.env(nextcloud, "NEXTCLOUD_TRUSTED_DOMAINS", Hosts.workspace(spec.slug(), platform));
        Templates.env(
                nextcloud,
                "TRUSTED_PROXIES",
                String.join(" ", platform.ingress().trustedProxies()));
        nextcloud
                .getEnv()
                .add(Templates.secretEnv(
                        "POSTGRES_PASSWORD", SpaceSecrets.database(APP), DatabaseRequirement.PASSWORD_KEY));
        nextcloud
                .getEnv()
                .add(Templates.secretEnv(
                        "NEXTCLOUD_ADMIN_PASSWORD", SpaceSecrets.WORKSPACE_ADMIN, SpaceSecrets.PASSWORD));
        Templates.container(pod, "web").setImage(platform.images(spec).nginx());
        Container cron = Templates.container(pod, "cron");
        cron.setImage(platform.images(spec).nextcloud());
        pod.getInitContainers().stream()
                .filter(c -> c.getName().equals("apps"))
                .findFirst()
                .orElseThrow()
                .setImage(platform.images(spec).nextcloud());
        trustDirectoryCa(pod, platform, nextcloud, cron);
        return deployment;
    }

    private static Job configureJob(
            SpaceSpec spec,
            PlatformSettings platform,
            String namespace,
            Map<String, String> labels,
            ConfigMap script,
            String singleSignOnRotation) {
        Job job = Templates.load(Job.class, "workspace/configure-job.yaml");
        // The Job's pod: labelled as an office client (the office servers' policy lets it in) but not as the workspace,
        // so the Service never sends it requests.
        job.getSpec().getTemplate().getMetadata().getLabels().put(SpaceLabels.SPACE, spec.slug());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        pod.getAffinity()
                .getPodAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .get(0)
                .getLabelSelector()
                .setMatchLabels(SpaceLabels.selector(spec.slug(), APP));
        SpaceDirectoryNames directory =
                SpaceDirectoryNames.of(spec.slug(), platform.directory().baseDn());
        Container configure = Templates.container(pod, "configure");
        configure.setImage(platform.images(spec).nextcloud());
        Templates.env(configure, "DEFAULT_LANGUAGE", spec.language());
        Templates.env(configure, "WORKSPACE_URL", "https://" + Hosts.workspace(spec.slug(), platform));
        Templates.env(configure, "STORAGE_QUOTA", spec.quotas().storageGiB() + " GB");
        PlatformSettings.DirectoryEndpoint endpoint = platform.directory();
        Templates.env(configure, "LDAP_HOST", ldapHost(endpoint));
        Templates.env(configure, "LDAP_PORT", Integer.toString(endpoint.port()));
        Templates.env(
                configure, "LDAP_TLS", endpoint.security() == PlatformSettings.DirectorySecurity.STARTTLS ? "1" : "0");
        PlatformSettings.MailRelay mail = platform.mail();
        Templates.env(configure, "MAIL_HOST", mail.host());
        Templates.env(configure, "MAIL_PORT", Integer.toString(mail.port()));
        Templates.env(configure, "MAIL_SECURITY", mail.security().name());
        Templates.env(configure, "MAIL_FROM_LOCAL_PART", mail.fromLocalPart());
        Templates.env(configure, "MAIL_FROM_DOMAIN", mail.fromDomain());
        Templates.env(configure, "LDAP_BIND_DN", directory.serviceAccount());
        Templates.env(configure, "LDAP_BASE", directory.space());
        Templates.env(configure, "LDAP_USERS_BASE", directory.people());
        Templates.env(configure, "LDAP_GROUPS_BASE", directory.groups());
        Templates.env(configure, "LDAP_USER_FILTER", userFilter(directory));
        Templates.env(configure, "LDAP_LOGIN_FILTER", loginFilter(directory));
        Templates.env(configure, "LDAP_GROUP_FILTER", groupFilter());
        Templates.env(configure, "LDAP_ADMIN_GROUP", SpaceDirectoryNames.ADMINS_GROUP);
        Templates.env(configure, "OFFICE_SUITE", spec.officeSuite().name());
        Templates.env(configure, "OFFICE_URL", platform.officeServer(spec).toString());
        // Nextcloud's server reaches the office server straight at its Service (allow-office-server opens that path);
        // browsers and the office server's WOPI callbacks go through the ingress.
        Templates.env(
                configure,
                "OFFICE_INTERNAL_URL",
                platform.officeInternalServer(spec).toString());
        Templates.env(configure, "APPS", String.join(" ", APPS));
        Templates.env(configure, "SSO_ISSUER", platform.singleSignOn().issuer().toString());
        Templates.env(configure, "SSO_CLIENT_ID", SingleSignOn.clientId(spec.slug(), SingleSignOn.WORKSPACE));
        configure
                .getEnv()
                .add(Templates.secretEnv(
                        "SSO_CLIENT_SECRET", SingleSignOn.SECRET, SingleSignOn.secretKey(SingleSignOn.WORKSPACE)));
        configure
                .getEnv()
                .add(Templates.secretEnv("LDAP_BIND_PASSWORD", SpaceSecrets.DIRECTORY, SpaceSecrets.PASSWORD));
        trustDirectoryCa(pod, platform, configure);
        if (spec.officeSuite() == OfficeSuite.ONLYOFFICE) {
            configure
                    .getEnv()
                    .add(Templates.secretEnv("OFFICE_JWT_SECRET", SpaceSecrets.ONLYOFFICE, SpaceSecrets.JWT_SECRET));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        if (platform.serverInfoKeyId() != null) {
            configure
                    .getEnv()
                    .add(Templates.secretEnv("SERVERINFO_TOKEN", SpaceSecrets.SERVERINFO, SpaceSecrets.TOKEN));
            // The key's fingerprint, not the token: a new key changes the hash below, so the Job sets the new token.
            annotations.put(SERVERINFO_KEY_ANNOTATION, platform.serverInfoKeyId());
        }
        if (singleSignOnRotation != null) {
            // Which rotation of the client secret the Job gives user_oidc: a new one changes the hash below.
            annotations.put(SingleSignOn.ROTATION_ANNOTATION, singleSignOnRotation);
        }
        if (!annotations.isEmpty()) {
            job.getSpec().getTemplate().getMetadata().setAnnotations(annotations);
        }
        // What the Job does is its pod template plus the script it runs: either changing runs it again.
        String hash = Templates.hash(List.of(job.getSpec().getTemplate(), script.getData()));
        job.getSpec().setSuspend(spec.suspended());
        Map<String, String> jobLabels = new LinkedHashMap<>(labels);
        jobLabels.put(SpaceLabels.CONFIG_HASH, hash);
        return Templates.place(job, "nextcloud-configure", namespace, jobLabels);
    }

    /** Nextcloud's ldapHost: the host name, or an {@code ldaps://} URL for LDAPS (Nextcloud adds ldapPort to it). */
    static String ldapHost(PlatformSettings.DirectoryEndpoint endpoint) {
        return endpoint.security() == PlatformSettings.DirectorySecurity.LDAPS
                ? "ldaps://" + endpoint.host()
                : endpoint.host();
    }

    /**
     * The directory's CA, when the platform has one: mounted, and named to libldap (which PHP's LDAP functions use) by
     * LDAPTLS_CACERT; the image's PHP-FPM pool keeps the environment (clear_env = no) so its workers see it.
     */
    private static void trustDirectoryCa(PodSpec pod, PlatformSettings platform, Container... containers) {
        if (DirectoryCa.mount(pod, platform, containers)) {
            for (Container container : containers) {
                container.getEnv().add(new EnvVar("LDAPTLS_CACERT", DirectoryCa.FILE, null));
            }
        }
    }

    /** Nextcloud users: the people of the space's members group. */
    static String userFilter(SpaceDirectoryNames directory) {
        return "(&(objectClass=inetOrgPerson)(memberOf=" + directory.members() + "))";
    }

    /** Sign-in: a member, by uid or by email ({@code %uid} is what the person typed). */
    static String loginFilter(SpaceDirectoryNames directory) {
        return "(&(objectClass=inetOrgPerson)(memberOf=" + directory.members() + ")(|(uid=%uid)(mail=%uid)))";
    }

    static String groupFilter() {
        return "(&(objectClass=groupOfNames)(|(cn=" + SpaceDirectoryNames.MEMBERS_GROUP + ")(cn="
                + SpaceDirectoryNames.ADMINS_GROUP + ")))";
    }
}
