package org.essaim.provisioner;

import org.essaim.tenant.PlatformSettings;
import org.essaim.tenant.ServerInfoToken;
import org.essaim.tenant.SpaceSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvisionerConfigurationTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("ESSAIM_NAMESPACE", "essaim");
        env.put("ESSAIM_DOMAIN", "frama.example");
        env.put("ESSAIM_LDAP_URL", "ldap://essaim-directory.essaim.svc:389");
        env.put("ESSAIM_LDAP_BASE_DN", "dc=essaim,dc=org");
        env.put("ESSAIM_LDAP_BIND_DN", "cn=control-plane,dc=essaim,dc=org");
        env.put("ESSAIM_LDAP_BIND_PASSWORD", "secret");
        env.put("ESSAIM_SSO_ISSUER", "https://essaim.frama.example/");
        return env;
    }

    @Test
    void theMinimumGivesTheDefaultsOfTheDesign() {
        ProvisionerConfiguration configuration = ProvisionerConfiguration.fromEnvironment(minimal());
        ProvisionerSettings settings = configuration.settings();
        assertThat(settings.namespace()).isEqualTo("essaim");
        assertThat(settings.gracePeriod()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.platform().domain()).isEqualTo("frama.example");
        assertThat(settings.platform().directory().host()).isEqualTo("essaim-directory.essaim.svc");
        assertThat(settings.platform().directory().baseDn()).isEqualTo("dc=essaim,dc=org");
        assertThat(settings.platform().office().collabora().url().toString()).isEqualTo("https://office.frama.example");
        assertThat(settings.platform().office().collabora().internalUrl().toString())
                .isEqualTo("http://office.essaim.svc.cluster.local:9980");
        assertThat(settings.platform().office().onlyoffice())
                .as("not offered unless asked for")
                .isNull();
        // The issuer as the provider writes it (no trailing slash), reached through the ingress controller.
        assertThat(settings.platform().singleSignOn().issuer().toString()).isEqualTo("https://essaim.frama.example");
        assertThat(settings.platform().singleSignOn().port()).isEqualTo(443);
        assertThat(settings.platform().singleSignOn().peer())
                .isEqualTo(settings.platform().ingress().controller());
        assertThat(configuration.databases().configured()).isFalse();
        assertThat(configuration.toString()).doesNotContain("secret");
    }

    @Test
    void everythingCanBeSet() {
        Map<String, String> env = minimal();
        env.put("ESSAIM_TENANT_DATABASE_URL", "jdbc:postgresql://pg.essaim.svc:5433/postgres");
        env.put("ESSAIM_TENANT_DATABASE_USER", "provisioner");
        env.put("ESSAIM_TENANT_DATABASE_PASSWORD", "db-secret");
        env.put("ESSAIM_TENANT_DATABASE_PEER", "cidr=10.1.2.3/32");
        env.put("ESSAIM_GRACE_PERIOD", "P7D");
        env.put("ESSAIM_WORKERS", "8");
        env.put("ESSAIM_ONLYOFFICE_JWT_SECRET", "jwt");
        env.put("ESSAIM_STORAGE_CLASS", "ceph");
        ProvisionerConfiguration configuration = ProvisionerConfiguration.fromEnvironment(env);
        assertThat(configuration.settings().gracePeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(configuration.settings().workers()).isEqualTo(8);
        assertThat(configuration.settings().platform().database().port()).isEqualTo(5433);
        assertThat(configuration.settings().platform().database().host()).isEqualTo("pg.essaim.svc");
        env.put("ESSAIM_TENANT_DATABASE_PODS_HOST", "pgbouncer.essaim.svc");
        env.put("ESSAIM_TENANT_DATABASE_PODS_PORT", "6432");
        var pooled = ProvisionerConfiguration.fromEnvironment(env)
                .settings()
                .platform()
                .database();
        assertThat(pooled.host()).as("the apps go through the pooler").isEqualTo("pgbouncer.essaim.svc");
        assertThat(pooled.port()).isEqualTo(6432);
        assertThat(configuration.settings().platform().database().peer().cidr()).isEqualTo("10.1.2.3/32");
        assertThat(configuration.settings().platform().storageClass()).isEqualTo("ceph");
        assertThat(configuration.settings().platformSecrets())
                .containsEntry(SpaceSecrets.ONLYOFFICE, Map.of(SpaceSecrets.JWT_SECRET, "jwt"));
        assertThat(configuration.databases()).isInstanceOf(TenantPostgres.class);
        assertThat(configuration.toString()).doesNotContain("db-secret").doesNotContain("jwt\"");
    }

    @Test
    void theMailRelayAndTheDirectorysTlsForTheApps(@TempDir Path dir) throws IOException {
        ProvisionerSettings byDefault =
                ProvisionerConfiguration.fromEnvironment(minimal()).settings();
        assertThat(byDefault.platform().mail().host()).isEqualTo("essaim-smtp-relay.essaim.svc.cluster.local");
        assertThat(byDefault.platform().mail().fromAddress()).isEqualTo("noreply@frama.example");
        assertThat(byDefault.platform().directory().security()).isEqualTo(PlatformSettings.DirectorySecurity.PLAIN);

        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Map<String, String> env = minimal();
        env.put("ESSAIM_MAIL_RELAY_HOST", "smtp.frama.example");
        env.put("ESSAIM_MAIL_RELAY_PORT", "587");
        env.put("ESSAIM_MAIL_RELAY_SECURITY", "starttls");
        env.put("ESSAIM_MAIL_RELAY_PEER", "cidr=192.0.2.25/32");
        env.put("ESSAIM_MAIL_FROM", "espaces@frama.example");
        env.put("ESSAIM_LDAP_PODS_SECURITY", "LDAPS");
        env.put("ESSAIM_LDAP_PODS_PORT", "636");
        env.put("ESSAIM_LDAP_CA_FILE", ca.toString());
        PlatformSettings platform =
                ProvisionerConfiguration.fromEnvironment(env).settings().platform();
        assertThat(platform.mail().port()).isEqualTo(587);
        assertThat(platform.mail().security()).isEqualTo(PlatformSettings.MailSecurity.STARTTLS);
        assertThat(platform.mail().peer().cidr()).isEqualTo("192.0.2.25/32");
        assertThat(platform.mail().fromAddress()).isEqualTo("espaces@frama.example");
        assertThat(platform.directory().url()).isEqualTo("ldaps://essaim-directory.essaim.svc:636");
        assertThat(platform.directory().caCertificate()).contains("BEGIN CERTIFICATE");

        Map<String, String> wrong = minimal();
        wrong.put("ESSAIM_MAIL_RELAY_SECURITY", "ssl3");
        wrong.put("ESSAIM_MAIL_FROM", "nobody");
        wrong.put("ESSAIM_LDAP_PODS_SECURITY", "tls");
        wrong.put("ESSAIM_LDAP_CA_FILE", dir.resolve("missing.pem").toString());
        assertThatThrownBy(() -> ProvisionerConfiguration.fromEnvironment(wrong))
                .hasMessageContaining("ESSAIM_MAIL_RELAY_SECURITY must be one of [NONE, STARTTLS, TLS]")
                .hasMessageContaining("ESSAIM_MAIL_*: The apps' sender address is not an email address")
                .hasMessageContaining("ESSAIM_LDAP_PODS_SECURITY must be one of")
                .hasMessageContaining("ESSAIM_LDAP_CA_FILE: cannot read");
    }

    /** One syntax with the control plane's settings (30d, 30m, 10s); the ISO-8601 that deployments already use still works. */
    @Test
    void durationsAreWrittenAsEveryEssaimSettingOrInIso8601() {
        Map<String, String> env = minimal();
        env.put("ESSAIM_GRACE_PERIOD", "7d");
        env.put("ESSAIM_RESYNC_PERIOD", "PT45M");
        ProvisionerSettings settings =
                ProvisionerConfiguration.fromEnvironment(env).settings();

        assertThat(settings.gracePeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.resyncPeriod()).isEqualTo(Duration.ofMinutes(45));
        assertThat(ProvisionerConfiguration.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ProvisionerConfiguration.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ProvisionerConfiguration.duration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(ProvisionerConfiguration.duration("P30D")).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> ProvisionerConfiguration.duration("30")).hasMessageContaining("30d, 30m or 10s");
        assertThatThrownBy(() -> ProvisionerConfiguration.duration("7 days")).hasMessageContaining("not 7 days");
    }

    /** The control plane gives the in-process provisioner the same record, typed, instead of an environment. */
    @Test
    void theSharedSettingsAreTheSameFromTheEnvironmentOrGivenTyped() {
        Map<String, String> env = minimal();
        env.put("ESSAIM_BACKUP_S3_BUCKET", "asso-backups");
        env.put("ESSAIM_BACKUP_STORAGE_PEER", "cidr=10.2.0.0/16");
        env.put("ESSAIM_BACKUP_STORAGE_PORT", "9000");
        ProvisionerSettings fromEnvironment =
                ProvisionerConfiguration.fromEnvironment(env).settings();
        ProvisionerSettings given = new SharedSettings(
                        new SharedSettings.BackupBucket(
                                null,
                                "asso-backups",
                                null,
                                null,
                                ProvisionerConfiguration.peer("cidr=10.2.0.0/16"),
                                9000,
                                null,
                                null,
                                null),
                        null,
                        new SharedSettings.SingleSignOn(URI.create(env.get("ESSAIM_SSO_ISSUER") + "/"), null))
                .applyTo(ProvisionerSettings.defaults(fromEnvironment.platform(), fromEnvironment.namespace()));

        assertThat(given.platform().backups())
                .isEqualTo(fromEnvironment.platform().backups());
        assertThat(given.platform().singleSignOn())
                .isEqualTo(fromEnvironment.platform().singleSignOn());
        assertThatThrownBy(() -> new SharedSettings.BackupBucket(null, null, "id", null, null, null, null, null, null))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> ProvisionerConfiguration.peer("somewhere"))
                .hasMessageContaining("must be cidr=<block> or namespace=<name>");
    }

    @Test
    void whatIsMissingOrWrongIsSaidAllAtOnce() {
        Map<String, String> env = minimal();
        env.remove("ESSAIM_DOMAIN");
        env.remove("ESSAIM_LDAP_BIND_PASSWORD");
        env.put("ESSAIM_GRACE_PERIOD", "30 days");
        env.put("ESSAIM_WORKERS", "many");
        env.put("ESSAIM_COLLABORA_PEER", "somewhere");
        assertThatThrownBy(() -> ProvisionerConfiguration.fromEnvironment(env))
                .hasMessageContaining("ESSAIM_DOMAIN is not set")
                .hasMessageContaining("ESSAIM_LDAP_BIND_PASSWORD is not set")
                .hasMessageContaining("ESSAIM_GRACE_PERIOD must be an ISO-8601 duration")
                .hasMessageContaining("ESSAIM_WORKERS must be a whole number")
                .hasMessageContaining("ESSAIM_COLLABORA_PEER must be");
    }

    @Test
    void theServerInfoKeyGivesEachSpaceItsTokenAndNeverShows() {
        String key = "0123456789abcdef0123456789abcdef";
        Map<String, String> env = minimal();
        env.put("ESSAIM_SERVERINFO_TOKEN_KEY", key);
        ProvisionerSettings settings =
                ProvisionerConfiguration.fromEnvironment(env).settings();
        assertThat(settings.serverInfoTokenKey()).isEqualTo(key);
        assertThat(settings.platform().serverInfoKeyId()).isEqualTo(ServerInfoToken.keyId(key));
        assertThat(settings.platformSecretsOf("asso"))
                .containsEntry(
                        SpaceSecrets.SERVERINFO, Map.of(SpaceSecrets.TOKEN, ServerInfoToken.forSpace(key, "asso")));
        assertThat(settings.toString()).doesNotContain(key).contains("serverInfoToken=set");

        ProvisionerSettings without =
                ProvisionerConfiguration.fromEnvironment(minimal()).settings();
        assertThat(without.platform().serverInfoKeyId()).isNull();
        assertThat(without.platformSecretsOf("asso")).doesNotContainKey(SpaceSecrets.SERVERINFO);

        env.put("ESSAIM_SERVERINFO_TOKEN_KEY", "short");
        assertThatThrownBy(() -> ProvisionerConfiguration.fromEnvironment(env))
                .hasMessageContaining("ESSAIM_SERVERINFO_TOKEN_KEY must have at least 32 characters");
    }

    @Test
    void theBackupBucketAndItsKeys() {
        Map<String, String> env = minimal();
        env.put("ESSAIM_BACKUP_S3_ENDPOINT", "https://s3.backup.example");
        env.put("ESSAIM_BACKUP_S3_BUCKET", "spaces");
        env.put("ESSAIM_BACKUP_S3_ACCESS_KEY_ID", "AKIA");
        env.put("ESSAIM_BACKUP_S3_SECRET_ACCESS_KEY", "s3-secret");
        env.put("ESSAIM_BACKUP_SCHEDULE", "0 2 * * *");
        ProvisionerSettings settings =
                ProvisionerConfiguration.fromEnvironment(env).settings();
        assertThat(settings.platform().backups().endpoint().toString()).isEqualTo("https://s3.backup.example");
        assertThat(settings.platform().backups().bucket()).isEqualTo("spaces");
        assertThat(settings.platform().backups().backupSchedule()).isEqualTo("0 2 * * *");
        assertThat(settings.platformSecrets())
                .containsEntry(
                        SpaceSecrets.BACKUP_STORAGE,
                        Map.of(SpaceSecrets.ACCESS_KEY_ID, "AKIA", SpaceSecrets.SECRET_ACCESS_KEY, "s3-secret"));

        env.remove("ESSAIM_BACKUP_S3_SECRET_ACCESS_KEY");
        assertThatThrownBy(() -> ProvisionerConfiguration.fromEnvironment(env))
                .hasMessageContaining("ESSAIM_BACKUP_S3_ACCESS_KEY_ID and ESSAIM_BACKUP_S3_SECRET_ACCESS_KEY");
    }

    @Test
    void theSingleSignOnIssuerIsRequiredAndCheckedWithTheOtherSettings() {
        Map<String, String> env = minimal();
        env.remove("ESSAIM_SSO_ISSUER");
        env.remove("ESSAIM_DOMAIN");
        assertThatThrownBy(() -> ProvisionerConfiguration.fromEnvironment(env))
                .hasMessageContaining("ESSAIM_SSO_ISSUER is not set")
                .hasMessageContaining("ESSAIM_DOMAIN is not set");
        env.put("ESSAIM_DOMAIN", "frama.example");
        env.put("ESSAIM_SSO_ISSUER", "ftp://essaim.frama.example");
        assertThatThrownBy(() -> ProvisionerConfiguration.fromEnvironment(env))
                .hasMessageContaining("ESSAIM_SSO_ISSUER: ");
        env.put("ESSAIM_SSO_ISSUER", "https://login.frama.example:8443");
        env.put("ESSAIM_SSO_ISSUER_PEER", "cidr=203.0.113.7/32");
        PlatformSettings.SingleSignOnIssuer issuer = ProvisionerConfiguration.fromEnvironment(env)
                .settings()
                .platform()
                .singleSignOn();
        assertThat(issuer.port()).isEqualTo(8443);
        assertThat(issuer.peer().cidr()).isEqualTo("203.0.113.7/32");
    }
}
