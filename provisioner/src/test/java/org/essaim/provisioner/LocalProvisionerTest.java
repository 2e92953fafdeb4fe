package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.EmbeddedDirectory;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.SpaceSecrets;
import org.essaim.tenant.TenantTemplates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local default: no cluster, the embedded directory (UnboundID in memory), no tenant database. Manifests are
 * written, directory entries created, and the status says plainly that nothing runs.
 */
class LocalProvisionerTest {

    @TempDir
    Path data;

    private EmbeddedDirectory embedded;
    private DirectoryConnection directory;
    private final Fakes.MutableClock clock = new Fakes.MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final List<SpaceErasure> erasures = new CopyOnWriteArrayList<>();
    private LocalProvisioner provisioner;
    private final KubernetesClient offline = new KubernetesClientBuilder().build();

    @BeforeEach
    void start() {
        embedded = EmbeddedDirectory.start(data.resolve("directory"), Fakes.BASE_DN, 0);
        directory = DirectoryConnection.connect(embedded.settings());
        directory.ensureSkeleton();
        provisioner = provisioner();
        provisioner.start();
    }

    private LocalProvisioner provisioner() {
        ProvisionerSettings settings = Fakes.settings().withResyncPeriod(Duration.ofMillis(200));
        return new LocalProvisioner(
                data, settings, SpaceDirectory.of(directory), SpaceDatabases.notConfigured(), clock, new SpaceEvents() {
                    @Override
                    public void erased(SpaceErasure erasure) {
                        erasures.add(erasure);
                    }
                });
    }

    @AfterEach
    void stop() {
        provisioner.close();
        directory.close();
        embedded.close();
        offline.close();
    }

    private Path manifests(String slug) {
        return data.resolve("spaces").resolve(slug).resolve("manifests.yaml");
    }

    private SpaceStatus settled(String slug) {
        Await.until("a status for " + slug, () -> provisioner.status(slug).isPresent() && provisioner.idle());
        return provisioner.status(slug).orElseThrow();
    }

    private List<HasMetadata> load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return offline.load(in).items();
        }
    }

    private String servicePassword(String slug) throws IOException {
        Secret secret = load(manifests(slug)).stream()
                .filter(Secret.class::isInstance)
                .map(Secret.class::cast)
                .filter(s -> s.getMetadata().getName().equals(SpaceSecrets.DIRECTORY))
                .findFirst()
                .orElseThrow();
        return new String(
                Base64.getDecoder().decode(secret.getData().get(SpaceSecrets.PASSWORD)), StandardCharsets.UTF_8);
    }

    @Test
    void writesOneManifestReadyForKubectlAndCreatesTheDirectorySubtree() throws IOException {
        SpaceSpec spec = SpaceSpec.of("asso", "Association");
        provisioner.apply(spec);
        SpaceStatus status = settled("asso");

        Path file = manifests("asso");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        List<HasMetadata> objects = load(file);
        RenderedSpace rendered = TenantTemplates.render(spec, Fakes.platform());
        assertThat(objects)
                .hasSize(rendered.objects().size() + rendered.secrets().size());
        assertThat(objects.get(0).getKind()).as("the namespace first").isEqualTo("Namespace");
        assertThat(objects)
                .filteredOn(Secret.class::isInstance)
                .hasSize(rendered.secrets().size());
        assertThat(directory.authenticate(directory.layout().serviceAccount("asso"), servicePassword("asso")))
                .isTrue();

        var ready = Spaces.condition(status, SpaceConditions.READY);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(Reason.NOT_APPLIED);
        assertThat(ready.getMessage())
                .startsWith("No cluster is configured, so nothing runs")
                .contains(file.toString());
        assertThat(Spaces.condition(status, SpaceConditions.DIRECTORY).getReason())
                .isEqualTo(Reason.CREATED);
        assertThat(Spaces.condition(status, SpaceConditions.DATABASES).getReason())
                .isEqualTo(Reason.NOT_CONFIGURED);
        for (String type : SpaceConditions.KUBERNETES_COMPONENTS) {
            assertThat(Spaces.condition(status, type).getReason()).as(type).isEqualTo(Reason.NOT_APPLIED);
            assertThat(Spaces.condition(status, type).getMessage()).as(type).contains("nothing runs");
        }
    }

    /**
     * Every Secret the manifests refer to (env, volumes, k8up's backend and repository refs) is in the file, or is
     * named in its header as missing, with what to put in it: here the backup bucket's keys, which a platform
     * without backup settings (the local default) does not give.
     */
    @Test
    void everySecretTheManifestsReferToIsInTheFileOrSaidToBeMissing() throws IOException {
        for (boolean withBackupKeys : List.of(true, false)) {
            provisioner.close();
            ProvisionerSettings settings = Fakes.settings().withResyncPeriod(Duration.ofMillis(200));
            if (!withBackupKeys) {
                settings = settings.withPlatformSecrets(Map.of());
            }
            provisioner = new LocalProvisioner(
                    data,
                    settings,
                    SpaceDirectory.of(directory),
                    SpaceDatabases.notConfigured(),
                    clock,
                    SpaceEvents.NONE);
            provisioner.start();
            String slug = withBackupKeys ? "keys" : "nokeys";
            provisioner.apply(SpaceSpec.of(slug, "Association"));
            settled(slug);

            String text = Files.readString(manifests(slug));
            List<HasMetadata> objects = load(manifests(slug));
            Set<String> inFile = objects.stream()
                    .filter(Secret.class::isInstance)
                    .map(o -> o.getMetadata().getName())
                    .collect(Collectors.toSet());
            Set<String> referred = new TreeSet<>();
            Matcher refs = Pattern.compile(
                            "(?:[A-Za-z]*SecretRef|secretKeyRef|secretRef):\\s*\\n(?:\\s+\\w+:.*\\n)*?\\s+name: \"([^\"]+)\"")
                    .matcher(text);
            while (refs.find()) {
                referred.add(refs.group(1));
            }
            Matcher volumes = Pattern.compile("secretName: \"([^\"]+)\"").matcher(text);
            while (volumes.find()) {
                referred.add(volumes.group(1));
            }
            assertThat(referred)
                    .as("the scan finds k8up's refs")
                    .contains(SpaceSecrets.BACKUP_STORAGE, SpaceSecrets.BACKUP_REPOSITORY, SpaceSecrets.DIRECTORY);
            for (String name : referred) {
                assertThat(inFile.contains(name) || text.contains("# NOT IN THIS FILE: Secret " + name + " "))
                        .as(slug + ": Secret " + name + " is written or said to be missing")
                        .isTrue();
            }
            if (withBackupKeys) {
                assertThat(text).doesNotContain("NOT IN THIS FILE");
            } else {
                assertThat(inFile).doesNotContain(SpaceSecrets.BACKUP_STORAGE);
                assertThat(text)
                        .contains("# NOT IN THIS FILE: Secret backup-storage (keys access-key-id, "
                                + "secret-access-key)");
            }
        }
    }

    @Test
    void credentialsAreKeptAcrossPassesAndRestarts() throws IOException {
        provisioner.apply(SpaceSpec.of("asso", "Association"));
        settled("asso");
        String password = servicePassword("asso");

        provisioner.apply(SpaceSpec.of("asso", "Association").withSuspended(true));
        settled("asso");
        Await.until(
                "the second pass",
                () -> provisioner.status("asso").orElseThrow().observedGeneration() == 2L);
        provisioner.close();
        provisioner = provisioner();
        provisioner.start();
        provisioner.apply(SpaceSpec.of("asso", "Association"));
        settled("asso");

        assertThat(servicePassword("asso")).isEqualTo(password);
        assertThat(directory.authenticate(directory.layout().serviceAccount("asso"), password))
                .isTrue();
    }

    @Test
    void aDeletedSpaceIsKeptForTheGracePeriodThenItsFilesAndEntriesAreErased() {
        provisioner.apply(SpaceSpec.of("asso", "Association"));
        settled("asso");

        provisioner.delete("asso");
        Await.until(
                "the deletion to show",
                () -> Reason.DELETING.equals(
                        Spaces.condition(provisioner.status("asso").orElseThrow(), SpaceConditions.READY)
                                .getReason()));
        assertThat(provisioner.status("asso").orElseThrow().erasesAt()).isEqualTo("2026-03-31T10:00:00Z");
        assertThat(manifests("asso")).exists();

        clock.advance(Duration.ofDays(30));

        Await.until("the erasure", () -> erasures.size() == 1);
        assertThat(provisioner.status("asso")).isEmpty();
        assertThat(data.resolve("spaces").resolve("asso")).doesNotExist();
        assertThat(new SpaceSubtrees(directory).hasSpace("asso")).isFalse();
        assertThat(erasures.get(0).directoryEntries()).isEqualTo(4);
    }

    @Test
    void aRestartedControlPlaneResumesAGracePeriodThatIsAlreadyOver() {
        provisioner.apply(SpaceSpec.of("gone", "Gone"));
        provisioner.delete("gone", clock.instant().minus(Duration.ofDays(31)));

        Await.until("the erasure", () -> erasures.size() == 1);
        assertThat(new SpaceSubtrees(directory).hasSpace("gone")).isFalse();
    }
}
