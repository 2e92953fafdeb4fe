package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.essaim.ldap.DirectoryLayout;
import org.essaim.ldap.testing.SlapdExtension;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.tenant.PlatformSettings;
import org.essaim.tenant.SpaceSecrets;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One space provisioned against the real things that can run here: OpenLDAP slapd with the production ACLs (the
 * provisioner binds as the control plane's account), PostgreSQL, and the mock API server. The service account's
 * password in the space's Secret opens the directory; each app's password opens its database.
 */
@RequiresProgram("slapd")
class SlapdProvisioningTest {

    @RegisterExtension
    static final SlapdExtension slapd = SlapdExtension.withDefaultBase();

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theSpacesSecretsOpenItsDirectorySubtreeAndItsDatabase() throws SQLException {
        try (MockCluster cluster = new MockCluster()) {
            ProvisionerSettings settings = ProvisionerSettings.defaults(
                    PlatformSettings.defaults("essaim.test", slapd.server().baseDn()), MockCluster.NAMESPACE);
            TenantPostgres databases = new TenantPostgres(
                    "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", "postgres");
            SpaceReconciler reconciler = Fakes.forCluster(
                    cluster.provisioner, settings, SpaceDirectory.of(slapd.directory()), databases, Clock.systemUTC());

            var outcome = reconciler.reconcile(Spaces.space(
                    SpaceSpec.of("asso", "Association").withServices(new SpaceSpec.Services(false, true))));

            assertThat(outcome.status().isReady())
                    .as(outcome.status().toString())
                    .isTrue();
            DirectoryLayout layout = slapd.layout();
            String servicePassword = secret(cluster, SpaceSecrets.DIRECTORY);
            assertThat(slapd.directory().authenticate(layout.serviceAccount("asso"), servicePassword))
                    .isTrue();
            assertThat(slapd.server()
                            .storedEntry(layout.serviceAccount("asso").toString())
                            .orElseThrow()
                            .getAttributeValue("userPassword"))
                    .startsWith("{ARGON2}");
            try (Connection app = DriverManager.getConnection(
                            "jdbc:postgresql://localhost:" + postgres.getPort() + "/nextcloud_asso",
                            "nextcloud_asso",
                            secret(cluster, "database-nextcloud"));
                    ResultSet result = app.createStatement().executeQuery("SELECT current_user")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("nextcloud_asso");
            }

            cluster.api.resetCounts();
            var again = reconciler.reconcile(Spaces.space(
                    SpaceSpec.of("asso", "Association").withServices(new SpaceSpec.Services(false, true))));
            assertThat(again.writes()).isZero();
            assertThat(secret(cluster, SpaceSecrets.DIRECTORY)).isEqualTo(servicePassword);
        }
    }

    private static String secret(MockCluster cluster, String name) {
        Secret secret = cluster.client
                .secrets()
                .inNamespace("space-asso")
                .withName(name)
                .get();
        return new String(
                Base64.getDecoder().decode(secret.getData().get(SpaceSecrets.PASSWORD)), StandardCharsets.UTF_8);
    }
}
