package org.essaim.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL for the whole test run (zonky's binaries), started on first use and stopped when the JVM
 * exits. Every Spring context of the run uses it; tests that count rows clean up what they make or use their
 * own identifiers.
 */
public final class TestDatabase {

    private static EmbeddedPostgres postgres;

    private TestDatabase() {}

    public static synchronized String jdbcUrl() {
        if (postgres == null) {
            try {
                Path directory = Files.createTempDirectory("essaim-test-postgres");
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(directory)
                        .setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the test PostgreSQL", e);
            }
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /**
     * A database of its own on the run's server, created on first use: for a test that must see only what it made
     * (pages listing every application or space, read word by word).
     */
    public static synchronized String jdbcUrl(String database) {
        if (!database.matches("[a-z_]+")) {
            throw new IllegalArgumentException(database);
        }
        jdbcUrl();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists =
                    statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                if (!exists.next()) {
                    statement.execute("create database " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + database, e);
        }
        return postgres.getJdbcUrl("postgres", database);
    }
}
