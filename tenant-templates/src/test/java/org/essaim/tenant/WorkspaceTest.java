package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceTest {

    private static final Pattern OCC = Pattern.compile("^occ\\s");
    private final PlatformSettings platform = Platforms.example();

    private List<HasMetadata> render(SpaceSpec spec) {
        return Workspace.render(spec, platform).objects();
    }

    private Container configure(SpaceSpec spec) {
        return Objects.named(render(spec), Job.class, "nextcloud-configure")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    @Test
    void theDataVolumeIsTheSpacesSharedStorage() {
        PersistentVolumeClaim data =
                Objects.named(render(SpaceSpec.of("asso", "A")), PersistentVolumeClaim.class, "nextcloud-data");
        assertThat(data.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("40Gi"));
        assertThat(data.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(data.getSpec().getStorageClassName()).isNull();
        PersistentVolumeClaim fast = Objects.named(
                Workspace.render(SpaceSpec.of("asso", "A"), platform.withStorageClass("ceph-rbd"))
                        .objects(),
                PersistentVolumeClaim.class,
                "nextcloud-data");
        assertThat(fast.getSpec().getStorageClassName()).isEqualTo("ceph-rbd");
    }

    @Test
    void theDirectoryIsLimitedToTheSpacesSubtreeAndBoundWithItsServiceAccount() {
        Map<String, String> env = Objects.env(configure(SpaceSpec.of("asso-du-quartier", "A")));
        String space = "ou=asso-du-quartier,ou=spaces," + Platforms.BASE_DN;
        assertThat(env)
                .containsEntry("LDAP_BASE", space)
                .containsEntry("LDAP_USERS_BASE", "ou=people," + space)
                .containsEntry("LDAP_GROUPS_BASE", "ou=groups," + space)
                .containsEntry("LDAP_BIND_DN", "cn=service," + space)
                .containsEntry("LDAP_HOST", "essaim-directory.essaim.svc.cluster.local")
                .containsEntry("LDAP_PORT", "389")
                .containsEntry("LDAP_ADMIN_GROUP", "admins")
                .containsEntry("DEFAULT_LANGUAGE", "fr");
        assertThat(env.get("LDAP_USER_FILTER"))
                .isEqualTo("(&(objectClass=inetOrgPerson)(memberOf=cn=members,ou=groups," + space + "))");
        assertThat(env.get("LDAP_LOGIN_FILTER"))
                .contains("memberOf=cn=members,ou=groups," + space)
                .contains("(|(uid=%uid)(mail=%uid))");
        assertThat(env.get("LDAP_GROUP_FILTER")).contains("(cn=members)").contains("(cn=admins)");
        assertThat(Objects.envNames(configure(SpaceSpec.of("asso-du-quartier", "A"))))
                .contains("LDAP_BIND_PASSWORD");
    }

    @Test
    void theOfficeSuiteIsTheOneTheSpaceChose() {
        Map<String, String> collabora = Objects.env(configure(SpaceSpec.of("asso", "A")));
        Container onlyofficeJob = configure(SpaceSpec.of("asso", "A").withOfficeSuite(OfficeSuite.ONLYOFFICE));
        assertThat(collabora)
                .containsEntry("OFFICE_SUITE", "COLLABORA")
                .containsEntry("OFFICE_URL", "https://office." + Platforms.DOMAIN);
        assertThat(Objects.env(onlyofficeJob))
                .containsEntry("OFFICE_SUITE", "ONLYOFFICE")
                .containsEntry("OFFICE_URL", "https://onlyoffice." + Platforms.DOMAIN);
        assertThat(Objects.envNames(onlyofficeJob)).contains("OFFICE_JWT_SECRET");
    }

    @Test
    void theOffersAppsAreEnabled() {
        assertThat(Objects.env(configure(SpaceSpec.of("asso", "A"))).get("APPS").split(" "))
                .contains("calendar", "contacts", "photos", "deck", "collectives", "spreed");
    }

    @Test
    void aChangedConfigurationRunsTheJobAgainAndSuspensionDoesNot() {
        SpaceSpec spec = SpaceSpec.of("asso", "A");
        String hash = hash(spec);
        assertThat(hash(spec)).isEqualTo(hash);
        assertThat(hash(spec.withSuspended(true))).isEqualTo(hash);
        assertThat(hash(spec.withOfficeSuite(OfficeSuite.ONLYOFFICE))).isNotEqualTo(hash);
        assertThat(hash(spec.withLanguage("en"))).isNotEqualTo(hash);
        // The storage quota is Nextcloud's quota too: a quota changed by staff runs the Job again.
        assertThat(hash(spec.withQuotas(new SpaceSpec.Quotas(50, 80)))).isNotEqualTo(hash);
    }

    private String hash(SpaceSpec spec) {
        return Objects.named(render(spec), Job.class, "nextcloud-configure")
                .getMetadata()
                .getLabels()
                .get(SpaceLabels.CONFIG_HASH);
    }

    @Test
    void theJobRunsBesideTheWorkspaceItConfigures() {
        Job job = Objects.named(render(SpaceSpec.of("asso", "A")), Job.class, "nextcloud-configure");
        Deployment deployment = Objects.named(render(SpaceSpec.of("asso", "A")), Deployment.class, "nextcloud");
        var term = job.getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getPodAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .get(0);
        assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(term.getLabelSelector().getMatchLabels());
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(term.getLabelSelector().getMatchLabels());
    }

    @Test
    void everyOccCommandCitesNextcloudsDocumentation() {
        DocumentedFile script = DocumentedFile.of("workspace/configure-workspace.sh");
        List<DocumentedFile.Command> commands = script.commands(OCC);
        assertThat(commands).hasSizeGreaterThan(25);
        assertThat(commands)
                .allSatisfy(command -> assertThat(command.documentation())
                        .as("line %d: %s", command.line(), command.text())
                        .matches("https://(docs\\.nextcloud\\.com/server/latest/admin_manual/|api\\.onlyoffice\\.com/"
                                + "|github\\.com/nextcloud/(serverinfo|richdocuments|user_oidc)/).+"));
        // Every key set with ldap:set-config is named in the comment above its group of commands.
        Set<String> keys = new HashSet<>();
        commands.stream()
                .map(DocumentedFile.Command::text)
                .filter(t -> t.startsWith("occ ldap:set-config"))
                .forEach(t -> keys.add(t.split("\\s+")[3]));
        String text = String.join("\n", script.lines());
        assertThat(keys)
                .hasSizeGreaterThan(20)
                .allSatisfy(key -> assertThat(text).as(key).containsPattern("#.*\\b" + key + "\\b"));
    }

    @Test
    void theScriptReadsOnlyVariablesTheJobSets() {
        Set<String> provided = new HashSet<>(Objects.envNames(Objects.named(
                        Workspace.render(
                                        SpaceSpec.of("asso", "A").withOfficeSuite(OfficeSuite.ONLYOFFICE),
                                        withServerInfoKey(KEY))
                                .objects(),
                        Job.class,
                        "nextcloud-configure")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)));
        assertThat(DocumentedFile.of("workspace/configure-workspace.sh").environmentVariables())
                .isNotEmpty()
                .isSubsetOf(provided);
        assertThat(Objects.env(configure(SpaceSpec.of("asso", "A"))))
                .allSatisfy((name, value) -> assertThat(value).as(name).isNotBlank());
    }

    private static final String KEY = "0123456789abcdef0123456789abcdef";

    private PlatformSettings withServerInfoKey(String key) {
        return platform.withServerInfoKeyId(ServerInfoToken.keyId(key));
    }

    @Test
    void withoutAServerInfoKeyNothingAboutTheTokenIsRendered() {
        SpaceSpec spec = SpaceSpec.of("asso", "A");
        assertThat(Objects.envNames(configure(spec))).doesNotContain("SERVERINFO_TOKEN");
        assertThat(TenantTemplates.render(spec, platform).secrets())
                .extracting(RequiredSecret::name)
                .doesNotContain(SpaceSecrets.SERVERINFO);
    }

    @Test
    void withAServerInfoKeyTheJobSetsTheTokenFromTheSpacesSecret() {
        SpaceSpec spec = SpaceSpec.of("asso", "A");
        RenderedSpace rendered = TenantTemplates.render(spec, withServerInfoKey(KEY));
        Job job = Objects.named(rendered.component(Component.WORKSPACE).objects(), Job.class, "nextcloud-configure");
        var token = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("SERVERINFO_TOKEN"))
                .findFirst()
                .orElseThrow();
        assertThat(token.getValue()).isNull();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo(SpaceSecrets.SERVERINFO);
        assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(SpaceSecrets.TOKEN);
        assertThat(token.getValueFrom().getSecretKeyRef().getOptional()).isNotEqualTo(Boolean.TRUE);
        assertThat(rendered.secrets())
                .contains(RequiredSecret.fromPlatform(SpaceSecrets.SERVERINFO, SpaceSecrets.TOKEN));
        assertThat(Templates.text("workspace/configure-workspace.sh"))
                .contains("occ config:app:set serverinfo token --value=\"$SERVERINFO_TOKEN\"");
        // Neither the token nor the key is in any object: only the Secret the provisioner writes holds the token.
        String everything = Serialization.asYaml(rendered.components());
        assertThat(everything)
                .doesNotContain(ServerInfoToken.forSpace(KEY, "asso"))
                .doesNotContain(KEY);
    }

    @Test
    void aNewServerInfoKeyRunsTheJobAgain() {
        SpaceSpec spec = SpaceSpec.of("asso", "A");
        String without = hash(spec);
        String withKey = Objects.named(
                        Workspace.render(spec, withServerInfoKey(KEY)).objects(), Job.class, "nextcloud-configure")
                .getMetadata()
                .getLabels()
                .get(SpaceLabels.CONFIG_HASH);
        String withOtherKey = Objects.named(
                        Workspace.render(spec, withServerInfoKey("z".repeat(40)))
                                .objects(),
                        Job.class,
                        "nextcloud-configure")
                .getMetadata()
                .getLabels()
                .get(SpaceLabels.CONFIG_HASH);
        assertThat(withKey).isNotEqualTo(without).isNotEqualTo(withOtherKey);
    }

    @Test
    void theWebServerConfigurationAndScriptAreShippedInConfigMaps() {
        List<HasMetadata> objects = render(SpaceSpec.of("asso", "A"));
        assertThat(Objects.named(objects, ConfigMap.class, "nextcloud-web").getData())
                .containsKey("default.conf");
        assertThat(Objects.named(objects, ConfigMap.class, "nextcloud-configure")
                        .getData())
                .containsKey("configure-workspace.sh");
        Deployment deployment = Objects.named(objects, Deployment.class, "nextcloud");
        Map<String, String> env = Objects.env(
                Templates.container(deployment.getSpec().getTemplate().getSpec(), "nextcloud"));
        assertThat(env)
                .containsEntry("POSTGRES_DB", "nextcloud_asso")
                .containsEntry("POSTGRES_USER", "nextcloud_asso")
                .containsEntry("NEXTCLOUD_TRUSTED_DOMAINS", "asso." + Platforms.DOMAIN);
    }

    @Test
    void theWorkspaceAndItsJobAreOfficeClientsAndTheJobIsNoBackendOfTheService() {
        List<HasMetadata> objects = render(SpaceSpec.of("asso", "A"));
        Deployment deployment = Objects.named(objects, Deployment.class, "nextcloud");
        Job job = Objects.named(objects, Job.class, "nextcloud-configure");
        Map<String, String> serviceSelector = Objects.named(objects, Service.class, Workspace.SERVICE)
                .getSpec()
                .getSelector();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("essaim.org/office-client", "true")
                .containsEntry(SpaceLabels.SENDS_MAIL, "true")
                .containsAllEntriesOf(serviceSelector);
        Map<String, String> jobPod = job.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(jobPod).containsEntry("essaim.org/office-client", "true").containsEntry(SpaceLabels.SPACE, "asso");
        assertThat(serviceSelector.entrySet())
                .as("the Job's pod is not selected by the Service")
                .isNotEmpty()
                .anyMatch(e -> !e.getValue().equals(jobPod.get(e.getKey())));
        // With a serverinfo key, the annotation joins the labels instead of replacing them.
        Job withKey = Objects.named(
                Workspace.render(SpaceSpec.of("asso", "A"), platform.withServerInfoKeyId(ServerInfoToken.keyId(KEY)))
                        .objects(),
                Job.class,
                "nextcloud-configure");
        assertThat(withKey.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("essaim.org/office-client", "true");
    }

    @Test
    void theJobReportsItsResultThroughItsTerminationMessage() {
        Container configure = configure(SpaceSpec.of("asso", "A"));
        assertThat(configure.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(Objects.env(configure)).containsEntry("TERMINATION_LOG", configure.getTerminationMessagePath());
    }

    @Test
    void theAddressesTheQuotaAndTheMailRelayComeFromTheSpaceAndThePlatform() {
        Map<String, String> env =
                Objects.env(configure(SpaceSpec.of("asso", "A").withQuotas(new SpaceSpec.Quotas(50, 80))));
        assertThat(env)
                .containsEntry("WORKSPACE_URL", "https://asso." + Platforms.DOMAIN)
                .containsEntry("STORAGE_QUOTA", "80 GB")
                .containsEntry("OFFICE_INTERNAL_URL", "http://office.essaim.svc.cluster.local:9980")
                .containsEntry("MAIL_HOST", "essaim-smtp-relay.essaim.svc.cluster.local")
                .containsEntry("MAIL_PORT", "25")
                .containsEntry("MAIL_SECURITY", "NONE")
                .containsEntry("MAIL_FROM_LOCAL_PART", "noreply")
                .containsEntry("MAIL_FROM_DOMAIN", Platforms.DOMAIN);
    }

    @Test
    void ldapsAndStartTlsReachNextcloudWithTheDirectorysCa() {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        PlatformSettings ldaps = platform.withDirectory(
                platform.directory().withSecurity(PlatformSettings.DirectorySecurity.LDAPS, pem));
        PlatformSettings startTls = platform.withDirectory(
                platform.directory().withSecurity(PlatformSettings.DirectorySecurity.STARTTLS, null));
        SpaceSpec spec = SpaceSpec.of("asso", "A");
        Job ldapsJob = Objects.named(Workspace.render(spec, ldaps).objects(), Job.class, "nextcloud-configure");
        Map<String, String> ldapsEnv = Objects.env(
                ldapsJob.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(ldapsEnv)
                .containsEntry("LDAP_HOST", "ldaps://essaim-directory.essaim.svc.cluster.local")
                .containsEntry("LDAP_TLS", "0")
                .containsEntry("LDAPTLS_CACERT", DirectoryCa.FILE);
        assertThat(ldapsJob.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap())
                        .isNotNull()
                        .extracting("name")
                        .isEqualTo(DirectoryCa.CONFIG_MAP));
        Map<String, String> startTlsEnv = Objects.env(configure(spec, startTls));
        assertThat(startTlsEnv)
                .containsEntry("LDAP_HOST", "essaim-directory.essaim.svc.cluster.local")
                .containsEntry("LDAP_TLS", "1")
                .doesNotContainKey("LDAPTLS_CACERT");
        assertThat(Objects.env(configure(spec))).containsEntry("LDAP_TLS", "0");
        // Sign-in happens in PHP-FPM (and the background jobs in cron): both trust the CA too.
        Deployment deployment = Objects.named(Workspace.render(spec, ldaps).objects(), Deployment.class, "nextcloud");
        for (String name : List.of("nextcloud", "cron")) {
            Container container =
                    Templates.container(deployment.getSpec().getTemplate().getSpec(), name);
            assertThat(Objects.env(container)).as(name).containsEntry("LDAPTLS_CACERT", DirectoryCa.FILE);
            assertThat(container.getVolumeMounts())
                    .as(name)
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(DirectoryCa.MOUNT_PATH));
        }
        // A different directory security is a different configuration: the Job runs again.
        assertThat(Objects.named(Workspace.render(spec, startTls).objects(), Job.class, "nextcloud-configure")
                        .getMetadata()
                        .getLabels()
                        .get(SpaceLabels.CONFIG_HASH))
                .isNotEqualTo(hash(spec));
    }

    private Container configure(SpaceSpec spec, PlatformSettings settings) {
        return Objects.named(Workspace.render(spec, settings).objects(), Job.class, "nextcloud-configure")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    @Test
    void theConfigureJobGivesUserOidcTheSpacesClientAndARotationRunsItAgain() {
        Job job = Objects.named(render(SpaceSpec.of("asso", "A")), Job.class, "nextcloud-configure");
        Container configure =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(Objects.env(configure))
                .containsEntry("SSO_CLIENT_ID", "space-asso-workspace")
                .containsEntry(
                        "SSO_ISSUER",
                        Platforms.example().singleSignOn().issuer().toString());
        assertThat(configure.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SSO_CLIENT_SECRET");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(SingleSignOn.SECRET);
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("workspace-client-secret");
        });
        Job rotated = Objects.named(
                Workspace.render(SpaceSpec.of("asso", "A"), Platforms.example(), "2026-12-02")
                        .objects(),
                Job.class,
                "nextcloud-configure");
        assertThat(rotated.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(SingleSignOn.ROTATION_ANNOTATION, "2026-12-02");
        assertThat(rotated.getMetadata().getLabels().get(SpaceLabels.CONFIG_HASH))
                .isNotEqualTo(job.getMetadata().getLabels().get(SpaceLabels.CONFIG_HASH));
        Deployment nextcloud = Objects.named(render(SpaceSpec.of("asso", "A")), Deployment.class, "nextcloud");
        assertThat(nextcloud.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(SpaceLabels.SINGLE_SIGN_ON, "true");
    }
}
