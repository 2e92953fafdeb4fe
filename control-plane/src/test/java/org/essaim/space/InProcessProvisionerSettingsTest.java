package org.essaim.space;

import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.EmbeddedDirectory;
import org.essaim.platform.EssaimProperties;
import org.essaim.platform.KubernetesTarget;
import org.essaim.provisioner.LocalProvisioner;
import org.essaim.provisioner.ProvisionerSettings;
import org.essaim.provisioner.SpaceDatabases;
import org.essaim.provisioner.SpaceDirectory;
import org.essaim.provisioner.SpaceEvents;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.tenant.ServerInfoToken;
import org.essaim.tenant.SpaceSecrets;
import org.essaim.usage.UsageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-process provisioner gets the backup bucket and the serverinfo key from the control plane's typed settings,
 * bound from the environment variables of the root README's table (Spring's relaxed names for essaim.backups.* and
 * essaim.usage.serverinfo.token-key), and puts them in each space's manifests. A wrong one stops the start with its
 * key: StartupFailureTest.
 */
class InProcessProvisionerSettingsTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";

    private final SpaceProvisioningConfiguration configuration = new SpaceProvisioningConfiguration();

    /** The settings bound from these variables as the application binds them, then handed to the provisioner. */
    private ProvisionerSettings settings(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables));
        Binder binder = Binder.get(environment);
        KubernetesTarget local =
                new KubernetesTarget(KubernetesTarget.Mode.LOCAL, Optional.empty(), "essaim", Path.of("data"), "none");
        EssaimProperties essaim = new EssaimProperties(
                null,
                URI.create("http://localhost:8080"),
                new EssaimProperties.Ldap(null, "dc=essaim,dc=example", null, null, null),
                null,
                null,
                null);
        return configuration.provisionerSettings(
                new SpaceSettings("essaim.example"),
                essaim,
                binder.bindOrCreate("essaim.backups", BackupBucketSettings.class),
                binder.bindOrCreate("essaim.usage", UsageSettings.class),
                local);
    }

    @Test
    void theBackupBucketAndTheServerInfoKeyReachTheSpacesManifests(@TempDir Path data) throws Exception {
        Map<String, Object> variables = new HashMap<>();
        variables.put("ESSAIM_BACKUPS_S3_ENDPOINT", "https://objects.example.net");
        variables.put("ESSAIM_BACKUPS_S3_BUCKET", "asso-backups");
        variables.put("ESSAIM_BACKUPS_S3_ACCESS_KEY_ID", "access-id");
        variables.put("ESSAIM_BACKUPS_S3_SECRET_ACCESS_KEY", "access-secret");
        variables.put("ESSAIM_BACKUPS_SCHEDULE", "0 3 * * *");
        variables.put("ESSAIM_USAGE_SERVERINFO_TOKEN_KEY", KEY);
        ProvisionerSettings settings = settings(variables);

        assertThat(settings.platform().backups().bucket()).isEqualTo("asso-backups");
        assertThat(settings.platformSecrets())
                .containsEntry(
                        SpaceSecrets.BACKUP_STORAGE,
                        Map.of(
                                SpaceSecrets.ACCESS_KEY_ID,
                                "access-id",
                                SpaceSecrets.SECRET_ACCESS_KEY,
                                "access-secret"));
        assertThat(settings.serverInfoTokenKey()).isEqualTo(KEY);

        String manifests = provision(data, settings);
        assertThat(secretNames(manifests)).contains(SpaceSecrets.BACKUP_STORAGE, SpaceSecrets.SERVERINFO);
        assertThat(manifests)
                .contains("https://objects.example.net")
                .contains("asso-backups")
                .contains("0 3 * * *")
                .contains(base64("access-id"))
                .contains(base64("access-secret"))
                .contains(base64(ServerInfoToken.forSpace(KEY, "asso")))
                .contains("name: \"SERVERINFO_TOKEN\"");
    }

    @Test
    void withoutThemNothingChanges(@TempDir Path data) throws Exception {
        ProvisionerSettings settings = settings(Map.of());

        assertThat(settings.platformSecrets()).isEmpty();
        assertThat(settings.serverInfoTokenKey()).isNull();
        assertThat(settings.platform().backups().bucket()).isEqualTo("essaim-backups");
        String manifests = provision(data, settings);
        assertThat(secretNames(manifests))
                .isNotEmpty()
                .doesNotContain(SpaceSecrets.BACKUP_STORAGE, SpaceSecrets.SERVERINFO);
        assertThat(manifests).doesNotContain("name: \"SERVERINFO_TOKEN\"");
    }

    private static String provision(Path data, ProvisionerSettings settings) throws Exception {
        try (EmbeddedDirectory server = EmbeddedDirectory.start(data.resolve("directory"), "dc=essaim,dc=example", 0);
                DirectoryConnection directory = DirectoryConnection.connect(server.settings());
                LocalProvisioner provisioner = new LocalProvisioner(
                        data,
                        settings,
                        SpaceDirectory.of(directory),
                        SpaceDatabases.notConfigured(),
                        Clock.systemUTC(),
                        new SpaceEvents() {})) {
            directory.ensureSkeleton();
            provisioner.start();
            provisioner.apply(SpaceSpec.of("asso", "Asso"));
            Path file = data.resolve("spaces/asso/manifests.yaml");
            Instant until = Instant.now().plus(Duration.ofSeconds(30));
            while (!(Files.exists(file) && provisioner.idle()) && Instant.now().isBefore(until)) {
                Thread.sleep(50);
            }
            return Files.readString(file);
        }
    }

    private static List<String> secretNames(String manifests) {
        return Arrays.stream(manifests.split("(?m)^---$"))
                .filter(d -> d.contains("kind: \"Secret\""))
                .map(d -> d.replaceAll("(?s).*?\n  name: \"([^\"]+)\".*", "$1"))
                .toList();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
