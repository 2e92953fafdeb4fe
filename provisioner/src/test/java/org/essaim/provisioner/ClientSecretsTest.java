package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.SingleSignOn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The space's OpenID Connect client secrets: generated into sso-clients, reported as SHA-256 in the status, rotated
 * on staff's annotation with the previous secret kept until the apps run with the new one, and no write once
 * converged.
 */
class ClientSecretsTest {

    private MockCluster cluster;
    private KubernetesClient client;
    private SpaceReconciler reconciler;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        client = cluster.client;
        reconciler = Fakes.forCluster(
                cluster.provisioner, Fakes.settings(), new Fakes.Directory(), new Fakes.Databases(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** SHA-256 as the control plane computes it, written here independently of the provisioner's code. */
    private static String sha256(String value) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return String.format("%064x", new BigInteger(1, digest));
    }

    private Map<String, String> secret() {
        Secret secret = client.secrets()
                .inNamespace("space-asso")
                .withName(SingleSignOn.SECRET)
                .get();
        Map<String, String> values = new LinkedHashMap<>();
        secret.getData()
                .forEach((key, value) ->
                        values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return values;
    }

    private static Space withRotation(Space space, SpaceStatus status, String rotation) {
        Space next = Spaces.next(space, space.getSpec(), status);
        next.getMetadata().setGeneration(space.getMetadata().getGeneration());
        next.getMetadata().setAnnotations(Map.of(SingleSignOn.ROTATION_ANNOTATION, rotation));
        return next;
    }

    @Test
    void eachClientHasAGeneratedSecretWhoseHashIsInTheStatusAndAConvergedSpaceWritesNothing() throws Exception {
        Space space = Spaces.space("asso");
        SpaceReconciler.Outcome first = reconciler.reconcile(space);

        Map<String, String> secret = secret();
        assertThat(secret.keySet()).containsExactlyInAnyOrder("workspace-client-secret", "events-client-secret");
        assertThat(secret.get("workspace-client-secret"))
                .hasSizeGreaterThanOrEqualTo(40)
                .isNotEqualTo(secret.get("events-client-secret"));
        assertThat(first.status().singleSignOn())
                .containsExactly(
                        new SpaceStatus.ClientSecret(
                                "space-asso-workspace", List.of(sha256(secret.get("workspace-client-secret")))),
                        new SpaceStatus.ClientSecret(
                                "space-asso-events", List.of(sha256(secret.get("events-client-secret")))));

        cluster.api.resetCounts();
        SpaceReconciler.Outcome second = reconciler.reconcile(Spaces.next(space, space.getSpec(), first.status()));
        assertThat(second.writes()).isZero();
        assertThat(cluster.api.writes.get()).isZero();
        assertThat(second.status().singleSignOn()).isEqualTo(first.status().singleSignOn());
        assertThat(secret()).isEqualTo(secret);
    }

    @Test
    void aRotationKeepsThePreviousSecretUntilTheAppsRunWithTheNewOneThenDropsIt() throws Exception {
        Space space = Spaces.space("asso");
        SpaceReconciler.Outcome created = reconciler.reconcile(space);
        Map<String, String> before = secret();

        // Staff ask for a rotation: new secrets, the previous ones kept beside them, both hashes reported.
        SpaceReconciler.Outcome rotating = reconciler.reconcile(withRotation(space, created.status(), "2026-12-02"));
        Map<String, String> during = secret();
        assertThat(during.get("workspace-client-secret")).isNotEqualTo(before.get("workspace-client-secret"));
        assertThat(during.get("workspace-client-secret-previous")).isEqualTo(before.get("workspace-client-secret"));
        assertThat(during.get("events-client-secret-previous")).isEqualTo(before.get("events-client-secret"));
        assertThat(during.get(SingleSignOn.ROTATION_KEY)).isEqualTo("2026-12-02");
        assertThat(rotating.status().singleSignOn().get(0).secretSha256())
                .containsExactly(
                        sha256(during.get("workspace-client-secret")), sha256(before.get("workspace-client-secret")));
        // The apps are rendered with the rotation: the configure Job runs again, Mobilizon restarts.
        Job job = client.batch()
                .v1()
                .jobs()
                .inNamespace("space-asso")
                .withName("nextcloud-configure")
                .get();
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(SingleSignOn.ROTATION_ANNOTATION, "2026-12-02");
        Deployment mobilizon = client.apps()
                .deployments()
                .inNamespace("space-asso")
                .withName("mobilizon")
                .get();
        assertThat(mobilizon.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(SingleSignOn.ROTATION_ANNOTATION, "2026-12-02");

        // The next pass finds the apps checked (the self-check passes): the previous secrets go.
        SpaceReconciler.Outcome settled = reconciler.reconcile(withRotation(space, rotating.status(), "2026-12-02"));
        Map<String, String> after = secret();
        assertThat(after)
                .doesNotContainKeys("workspace-client-secret-previous", "events-client-secret-previous")
                .containsEntry("workspace-client-secret", during.get("workspace-client-secret"));
        assertThat(settled.status().singleSignOn().get(0).secretSha256())
                .containsExactly(sha256(during.get("workspace-client-secret")));

        // Converged again: nothing written, the same rotation is not made twice.
        cluster.api.resetCounts();
        SpaceReconciler.Outcome converged = reconciler.reconcile(withRotation(space, settled.status(), "2026-12-02"));
        assertThat(converged.writes()).isZero();
        assertThat(cluster.api.writes.get()).isZero();
        assertThat(secret()).isEqualTo(after);
    }

    @Test
    void theLocalDefaultReportsTheSameHashes(@TempDir Path data) throws Exception {
        SpaceReconciler local = SpaceReconciler.forLocalManifests(
                data, Fakes.settings(), new Fakes.Directory(), new Fakes.Databases(), Clock.systemUTC());
        Space space = Spaces.space(SpaceSpec.of("asso", "Asso").withServices(new SpaceSpec.Services(false, true)));
        SpaceReconciler.Outcome first = local.reconcile(space);
        assertThat(first.status().singleSignOn()).singleElement().satisfies(client -> {
            assertThat(client.clientId()).isEqualTo("space-asso-workspace");
            assertThat(client.secretSha256()).singleElement().asString().matches("[0-9a-f]{64}");
        });
        String manifests =
                Files.readString(data.resolve("spaces").resolve("asso").resolve(LocalManifests.FILE));
        assertThat(manifests).contains("name: \"" + SingleSignOn.SECRET + "\"");
        // Nothing runs locally: a rotation drops the previous secret at once.
        SpaceReconciler.Outcome rotated = local.reconcile(withRotation(space, first.status(), "now"));
        assertThat(rotated.status().singleSignOn().get(0).secretSha256())
                .hasSize(1)
                .doesNotContainAnyElementsOf(
                        first.status().singleSignOn().get(0).secretSha256());
        SpaceReconciler.Outcome again = local.reconcile(withRotation(space, rotated.status(), "now"));
        assertThat(again.status().singleSignOn()).isEqualTo(rotated.status().singleSignOn());
    }
}
