package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forum: phpBB (chosen for its small memory, its own LDAP sign-in and its official French translation; see the
 * module's README), its volume, its database, and the Job that installs the board and points its sign-in at the
 * space's subtree. Turned off, its workload, Service, configuration and Job go; volume, database and secrets stay.
 */
final class Forum {

    static final String APP = "phpbb";
    static final String SERVICE = "phpbb";
    static final int DATA_VOLUME_GIB = 2;
    /** Brings the board's administrators and active users in step with the space's groups (Job and sidecar). */
    static final String SYNC_SCRIPT = "sync-forum-directory.php";
    /** libldap's variable naming the CA file it trusts (phpBB connects with PHP's ldap extension, i.e. libldap). */
    static final String LDAP_CA_VARIABLE = "LDAPTLS_CACERT";

    private Forum() {}

    static ComponentObjects render(SpaceSpec spec, PlatformSettings platform) {
        String slug = spec.slug();
        String namespace = SpaceSlug.namespace(slug);
        Map<String, String> labels = SpaceLabels.of(slug, APP, Component.FORUM);
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(Volumes.claim("phpbb-data", namespace, labels, DATA_VOLUME_GIB, platform));
        ConfigMap script = Workspace.configMap(
                "phpbb-configure", namespace, labels, "configure-forum.sh", Templates.text("forum/configure-forum.sh"));
        script.setData(new LinkedHashMap<>(script.getData()));
        script.getData().put(SYNC_SCRIPT, Templates.text("forum/" + SYNC_SCRIPT));
        objects.add(script);
        objects.add(deployment(spec, platform, namespace, labels));
        objects.add(Volumes.service(SERVICE, namespace, labels, SpaceLabels.selector(slug, APP)));
        objects.add(configureJob(spec, platform, namespace, labels, script));
        if (!spec.services().forum()) {
            List<ObjectRef> absent = objects.stream()
                    .filter(object -> !"PersistentVolumeClaim".equals(object.getKind()))
                    .map(ObjectRef::of)
                    .toList();
            return new ComponentObjects(Component.FORUM, List.of(), absent);
        }
        return new ComponentObjects(Component.FORUM, objects, List.of());
    }

    private static Deployment deployment(
            SpaceSpec spec, PlatformSettings platform, String namespace, Map<String, String> labels) {
        Deployment deployment =
                Templates.place(Templates.load(Deployment.class, "forum/deployment.yaml"), APP, namespace, labels);
        deployment.getSpec().setReplicas(spec.suspended() ? 0 : 1);
        deployment.getSpec().setSelector(Templates.selector(SpaceLabels.selector(spec.slug(), APP)));
        deployment.getSpec().getTemplate().getMetadata().getLabels().putAll(labels);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container phpbb = Templates.container(pod, "phpbb");
        phpbb.setImage(platform.images(spec).forum());
        Container sync = Templates.container(pod, "directory-sync");
        sync.setImage(platform.images(spec).forum());
        SpaceDirectoryNames directory =
                SpaceDirectoryNames.of(spec.slug(), platform.directory().baseDn());
        Templates.env(sync, "LDAP_MEMBERS_GROUP", directory.members());
        Templates.env(sync, "LDAP_ADMINS_GROUP", directory.admins());
        trustDirectoryCa(pod, platform, phpbb, sync);
        return deployment;
    }

    private static Job configureJob(
            SpaceSpec spec, PlatformSettings platform, String namespace, Map<String, String> labels, ConfigMap script) {
        Job job = Templates.load(Job.class, "forum/configure-job.yaml");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        pod.getAffinity()
                .getPodAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .get(0)
                .getLabelSelector()
                .setMatchLabels(SpaceLabels.selector(spec.slug(), APP));
        SpaceDirectoryNames directory =
                SpaceDirectoryNames.of(spec.slug(), platform.directory().baseDn());
        String database = SpaceSlug.sqlIdentifier(APP, spec.slug());
        Container configure = Templates.container(pod, "configure");
        configure.setImage(platform.images(spec).forum());
        Templates.env(configure, "BOARD_NAME", spec.displayName());
        Templates.env(configure, "BOARD_LANGUAGE", spec.language());
        Templates.env(configure, "BOARD_DESCRIPTION", description(spec));
        Templates.env(configure, "BOARD_HOST", Hosts.forum(spec.slug(), platform));
        Templates.env(configure, "MAIL_HOST", platform.mail().host());
        Templates.env(configure, "MAIL_PORT", Integer.toString(platform.mail().port()));
        Templates.env(configure, "MAIL_SECURITY", platform.mail().security().name());
        Templates.env(configure, "MAIL_FROM", platform.mail().fromAddress());
        Templates.env(configure, "DB_HOST", platform.database().host());
        Templates.env(configure, "DB_PORT", Integer.toString(platform.database().port()));
        Templates.env(configure, "DB_NAME", database);
        Templates.env(configure, "DB_USER", database);
        Templates.env(configure, "LDAP_HOST", platform.directory().host());
        Templates.env(
                configure, "LDAP_PORT", Integer.toString(platform.directory().port()));
        Templates.env(configure, "LDAP_BIND_DN", directory.serviceAccount());
        Templates.env(configure, "LDAP_PEOPLE_BASE", directory.people());
        Templates.env(
                configure, "LDAP_SECURITY", platform.directory().security().name());
        Templates.env(configure, "LDAP_USER_FILTER", userFilter(directory));
        Templates.env(configure, "LDAP_MEMBERS_GROUP", directory.members());
        Templates.env(configure, "LDAP_ADMINS_GROUP", directory.admins());
        trustDirectoryCa(pod, platform, configure);
        configure.getEnv().add(Templates.secretEnv("ADMIN_PASSWORD", SpaceSecrets.FORUM_ADMIN, SpaceSecrets.PASSWORD));
        configure
                .getEnv()
                .add(Templates.secretEnv("DB_PASSWORD", SpaceSecrets.database(APP), DatabaseRequirement.PASSWORD_KEY));
        configure
                .getEnv()
                .add(Templates.secretEnv("LDAP_BIND_PASSWORD", SpaceSecrets.DIRECTORY, SpaceSecrets.PASSWORD));
        String hash = Templates.hash(List.of(job.getSpec().getTemplate(), script.getData()));
        job.getSpec().setSuspend(spec.suspended());
        Map<String, String> jobLabels = new LinkedHashMap<>(labels);
        jobLabels.put(SpaceLabels.CONFIG_HASH, hash);
        return Templates.place(job, "phpbb-configure", namespace, jobLabels);
    }

    /** The board's description under its name: installing refuses an empty one. */
    static String description(SpaceSpec spec) {
        return "fr".equals(spec.language())
                ? "Le forum de " + spec.displayName()
                : "The forum of " + spec.displayName();
    }

    /** Mounts the directory's CA, when the platform has one, and points libldap at it. */
    private static void trustDirectoryCa(PodSpec pod, PlatformSettings platform, Container... containers) {
        if (DirectoryCa.mount(pod, platform, containers)) {
            for (Container container : containers) {
                if (container.getEnv() == null) {
                    container.setEnv(new ArrayList<>());
                }
                container
                        .getEnv()
                        .add(new EnvVarBuilder()
                                .withName(LDAP_CA_VARIABLE)
                                .withValue(DirectoryCa.FILE)
                                .build());
            }
        }
    }

    /** phpBB narrows its (uid=...) search with this: only members of the space sign in. */
    static String userFilter(SpaceDirectoryNames directory) {
        return "(&(objectClass=inetOrgPerson)(memberOf=" + directory.members() + "))";
    }
}
