package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.ServerInfoToken;
import org.essaim.tenant.SpaceLabels;
import org.essaim.tenant.SpaceSecrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workspace's serverinfo token: derived from the platform's key, kept in the space's {@code serverinfo-token}
 * Secret (written once, rewritten only for a new key), read by the configuration Job from there.
 */
class ServerInfoTokenSecretTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";

    private MockCluster cluster;
    private KubernetesClient client;
    private final Fakes.Directory directory = new Fakes.Directory();
    private final Fakes.Databases databases = new Fakes.Databases();

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        client = cluster.client;
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private SpaceReconciler reconciler(String key) {
        return Fakes.forCluster(
                cluster.provisioner,
                Fakes.settings().withServerInfoTokenKey(key),
                directory,
                databases,
                Clock.systemUTC());
    }

    @Test
    void theSecretHoldsTheSpacesTokenIsWrittenOnceAndTheJobReadsIt() {
        Space space = Spaces.space("asso");
        SpaceStatus first = reconciler(KEY).reconcile(space).status();

        assertThat(first.isReady()).as(first.toString()).isTrue();
        assertThat(token()).contains(ServerInfoToken.forSpace(KEY, "asso"));
        EnvVar env = job().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("SERVERINFO_TOKEN"))
                .findFirst()
                .orElseThrow();
        assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(SpaceSecrets.SERVERINFO);
        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(SpaceSecrets.TOKEN);
        assertThat(Serialization.asYaml(job()))
                .doesNotContain(ServerInfoToken.forSpace(KEY, "asso"))
                .doesNotContain(KEY);

        cluster.api.resetCounts();
        SpaceReconciler.Outcome second = reconciler(KEY).reconcile(Spaces.next(space, space.getSpec(), first));
        assertThat(second.writes()).as("kept, not written again").isZero();
        assertThat(cluster.api.writes.get()).isZero();

        client.secrets()
                .inNamespace("space-asso")
                .withName(SpaceSecrets.SERVERINFO)
                .delete();
        reconciler(KEY).reconcile(Spaces.next(space, space.getSpec(), first));
        assertThat(token())
                .as("a lost Secret comes back with the same token")
                .contains(ServerInfoToken.forSpace(KEY, "asso"));
    }

    @Test
    void aNewKeyRewritesTheTokenAndRunsTheJobAgain() {
        Space space = Spaces.space("asso");
        SpaceStatus first = reconciler(KEY).reconcile(space).status();
        String hash = job().getMetadata().getLabels().get(SpaceLabels.CONFIG_HASH);
        String newKey = "fedcba9876543210fedcba9876543210";

        reconciler(newKey).reconcile(Spaces.next(space, space.getSpec(), first));

        assertThat(token()).contains(ServerInfoToken.forSpace(newKey, "asso"));
        assertThat(job().getMetadata().getLabels().get(SpaceLabels.CONFIG_HASH)).isNotEqualTo(hash);
    }

    @Test
    void withoutAKeyNoSecretAndNoTokenInTheJob() {
        SpaceStatus status = reconciler(null).reconcile(Spaces.space("asso")).status();

        assertThat(status.isReady()).isTrue();
        assertThat(token()).isEmpty();
        assertThat(job().getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnv())
                .noneSatisfy(e -> assertThat(e.getName()).isEqualTo("SERVERINFO_TOKEN"));
    }

    private Optional<String> token() {
        Secret secret = client.secrets()
                .inNamespace("space-asso")
                .withName(SpaceSecrets.SERVERINFO)
                .get();
        return Optional.ofNullable(secret)
                .map(s -> new String(
                        Base64.getDecoder().decode(s.getData().get(SpaceSecrets.TOKEN)), StandardCharsets.UTF_8));
    }

    private Job job() {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace("space-asso")
                .withName("nextcloud-configure")
                .get();
    }
}
