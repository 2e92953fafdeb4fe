package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class EventsTest {

    private final PlatformSettings platform = Platforms.example();

    private Container mobilizon(SpaceSpec spec) {
        return Objects.named(Events.render(spec, platform).objects(), Deployment.class, "mobilizon")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    @Test
    void signInIsBoundToTheSpacesSubtreeAndMembersGroup() {
        Map<String, String> env = Objects.env(mobilizon(SpaceSpec.of("asso", "Asso")));
        String space = "ou=asso,ou=spaces," + Platforms.BASE_DN;
        assertThat(env)
                .containsEntry("ESSAIM_LDAP_PEOPLE_BASE", "ou=people," + space)
                .containsEntry("ESSAIM_LDAP_MEMBERS_GROUP", "cn=members,ou=groups," + space)
                .containsEntry("ESSAIM_LDAP_BIND_DN", "cn=service," + space)
                .containsEntry("MOBILIZON_INSTANCE_HOST", "asso-events." + Platforms.DOMAIN)
                .containsEntry("MOBILIZON_INSTANCE_NAME", "Asso")
                .containsEntry("MOBILIZON_DATABASE_DBNAME", "mobilizon_asso")
                .containsEntry("MOBILIZON_INSTANCE_REGISTRATIONS_OPEN", "false");
    }

    @Test
    void theConfigurationReadsOnlyVariablesThePodSetsAndCitesItsDocumentation() {
        DocumentedFile config = DocumentedFile.of("events/mobilizon.exs");
        Set<String> provided = new HashSet<>(Objects.envNames(mobilizon(SpaceSpec.of("asso", "A"))));
        assertThat(config.environmentVariables())
                .contains("ESSAIM_LDAP_BIND_PASSWORD")
                .isSubsetOf(provided);
        List<DocumentedFile.Command> statements = config.commands(Pattern.compile("^(config|import_config)\\s"));
        assertThat(statements)
                .hasSize(10)
                .allSatisfy(
                        s -> assertThat(s.documentation())
                                .as(s.text())
                                .matches(
                                        "https://(docs\\.mobilizon\\.org|hexdocs\\.pm|github\\.com/Rukenshia/ueberauth_keycloak)/.*"));
        // Single sign-on: the strategy Mobilizon ships, the space's client, its secret from the Secret.
        assertThat(config.environmentVariables())
                .contains("ESSAIM_SSO_ISSUER", "ESSAIM_SSO_CLIENT_ID", "ESSAIM_SSO_CLIENT_SECRET");
        assertThat(String.join("\n", config.lines()))
                .contains("oauth_consumer_strategies: [{:keycloak, \"Essaim\"}]")
                .contains("keycloak: {Ueberauth.Strategy.Keycloak,");
        Container pod = mobilizon(SpaceSpec.of("asso", "A"));
        assertThat(pod.getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("ESSAIM_SSO_CLIENT_SECRET");
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(SingleSignOn.SECRET);
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("events-client-secret");
                })
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue())
                        .isEqualTo("ESSAIM_SSO_CLIENT_ID=space-asso-events"));
        String text = String.join("\n", config.lines());
        for (String key : List.of(
                "enabled",
                "host",
                "port",
                "ssl",
                "sslopts",
                "tls",
                "tlsopts",
                "base",
                "uid",
                "group",
                "require_bind_for_search",
                "bind_uid",
                "bind_password",
                "relay",
                "auth",
                "sockopts",
                "pool_size",
                "prepare")) {
            assertThat(text)
                    .as(key)
                    .containsPattern("(?m)^#.*\\b" + key + "\\b")
                    .containsPattern("(?m)^\\s+" + key + ":");
        }
    }

    @Test
    void everyPathTheReleaseWritesIsAVolume() {
        Deployment deployment = Objects.named(
                Events.render(SpaceSpec.of("asso", "A"), platform).objects(), Deployment.class, "mobilizon");
        Container mobilizon =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(mobilizon.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        Map<String, String> mounts = new HashMap<>();
        mobilizon.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), m.getName()));
        // tzdata copies its release here at boot (docker.exs: data_dir /var/lib/mobilizon/tzdata); the sitemap job
        // writes hourly; uploads and exports; RELEASE_TMP
        assertThat(mounts)
                .containsEntry("/var/lib/mobilizon/tzdata", "tzdata")
                .containsEntry("/var/lib/mobilizon/sitemap", "sitemap")
                .containsEntry("/var/lib/mobilizon/uploads", "uploads")
                .containsEntry("/tmp", "tmp");
        assertThat(Objects.env(mobilizon)).containsEntry("RELEASE_TMP", "/tmp");
        Map<String, Volume> volumes = new HashMap<>();
        deployment.getSpec().getTemplate().getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
        assertThat(volumes.get("tzdata").getEmptyDir()).isNotNull();
        assertThat(volumes.get("sitemap").getEmptyDir()).isNotNull();
        // the PDF and ODS exports write into folders they do not make; the volume hides the image's
        assertThat(String.join(" ", mobilizon.getCommand()))
                .contains("mkdir -p "
                        + "/var/lib/mobilizon/uploads/exports/csv /var/lib/mobilizon/uploads/exports/pdf "
                        + "/var/lib/mobilizon/uploads/exports/ods && ");
        String config = Templates.text("events/mobilizon.exs");
        assertThat(config).containsPattern("(?m)^config :tzdata, :autoupdate, :disabled$");
    }

    @Test
    void fewConnectionsThatAPoolerInTransactionModeCanCarry() {
        String config = Templates.text("events/mobilizon.exs");
        assertThat(config)
                .containsPattern("(?m)^  pool_size: 2,$")
                .containsPattern("(?m)^  prepare: :unnamed$")
                .containsPattern("(?m)^config :mobilizon, Oban, notifier: Oban.Notifiers.PG$");
        assertThat(config).doesNotContainPattern("pool_size: (?!2,)");
    }

    @Test
    void mailGoesThroughThePlatformsRelay() {
        PlatformSettings relayed = platform.withMail(new PlatformSettings.MailRelay(
                "smtp.example.org",
                465,
                PlatformSettings.MailSecurity.TLS,
                "events@asso.example.org",
                platform.mail().peer()));
        Deployment deployment = Objects.named(
                Events.render(SpaceSpec.of("asso", "A"), relayed).objects(), Deployment.class, "mobilizon");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("essaim.org/sends-mail", "true");
        Map<String, String> env = Objects.env(
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(env)
                .containsEntry("MOBILIZON_SMTP_SERVER", "smtp.example.org")
                .containsEntry("MOBILIZON_SMTP_PORT", "465")
                .containsEntry("ESSAIM_SMTP_SECURITY", "tls")
                .containsEntry("MOBILIZON_INSTANCE_EMAIL", "events@asso.example.org")
                .containsEntry("MOBILIZON_REPLY_EMAIL", "events@asso.example.org");
        Map<String, String> defaults = Objects.env(mobilizon(SpaceSpec.of("asso", "A")));
        assertThat(defaults)
                .containsEntry("MOBILIZON_SMTP_SERVER", "essaim-smtp-relay.essaim.svc.cluster.local")
                .containsEntry("MOBILIZON_SMTP_PORT", "25")
                .containsEntry("ESSAIM_SMTP_SECURITY", "none")
                .containsEntry("MOBILIZON_INSTANCE_EMAIL", "noreply@" + Platforms.DOMAIN);
    }

    @Test
    void theDirectorysTlsAndCaReachMobilizon() {
        Map<String, String> plain = Objects.env(mobilizon(SpaceSpec.of("asso", "A")));
        assertThat(plain).containsEntry("ESSAIM_LDAP_SECURITY", "plain").doesNotContainKey("ESSAIM_LDAP_CA_FILE");
        PlatformSettings ldaps = platform.withDirectory(
                platform.directory().withSecurity(PlatformSettings.DirectorySecurity.LDAPS, DirectoryCaTest.PEM));
        Deployment deployment =
                Objects.named(Events.render(SpaceSpec.of("asso", "A"), ldaps).objects(), Deployment.class, "mobilizon");
        Container mobilizon =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(Objects.env(mobilizon))
                .containsEntry("ESSAIM_LDAP_SECURITY", "ldaps")
                .containsEntry("ESSAIM_LDAP_CA_FILE", "/etc/essaim/directory-ca/ca.crt");
        assertThat(mobilizon.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo(DirectoryCa.MOUNT_PATH);
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap())
                        .isNotNull()
                        .extracting(c -> c.getName())
                        .isEqualTo("directory-ca"));
        PlatformSettings startTls = platform.withDirectory(
                platform.directory().withSecurity(PlatformSettings.DirectorySecurity.STARTTLS, null));
        assertThat(Objects.env(Objects.named(
                                Events.render(SpaceSpec.of("asso", "A"), startTls)
                                        .objects(),
                                Deployment.class,
                                "mobilizon")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)))
                .containsEntry("ESSAIM_LDAP_SECURITY", "starttls")
                .doesNotContainKey("ESSAIM_LDAP_CA_FILE");
    }

    @Test
    void turnedOffItsWorkloadGoesAndItsUploadsStay() {
        ComponentObjects off =
                Events.render(SpaceSpec.of("asso", "A").withServices(new SpaceSpec.Services(false, true)), platform);
        assertThat(off.objects()).isEmpty();
        assertThat(off.absent())
                .extracting(ObjectRef::kind)
                .containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service");
        assertThat(off.absent()).allSatisfy(ref -> assertThat(ref.namespace()).isEqualTo("space-asso"));
        List<HasMetadata> on =
                Events.render(SpaceSpec.of("asso", "A"), platform).objects();
        assertThat(on).extracting(HasMetadata::getKind).contains("PersistentVolumeClaim");
    }
}
