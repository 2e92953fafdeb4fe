package org.essaim.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The local default's database: a real PostgreSQL (zonky's binaries from Maven Central) whose files live under
 * {@code <data dir>/postgres}, so everything survives a restart. Only used when no {@code spring.datasource.url}
 * is configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);
    static final String DATABASE = "essaim";

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(DataDirectory dataDirectory) {
        Path storage = dataDirectory.resolve("postgres");
        return start(storage);
    }

    static EmbeddedPostgres start(Path storage) {
        OrphanedPostgres.stop(storage);
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(storage)
                    .setCleanDataDirectory(false)
                    // Spring stops the server after everything that uses it; zonky's own hook would race that.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    // zonky turns both off (tuned for throwaway test databases); here they hold real data, so a
                    // commit is on disk when it returns. "-c fsync=on" follows zonky's "-F" and wins.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            createDatabaseIfMissing(postgres);
            log.info("Embedded PostgreSQL ready on 127.0.0.1:{} with its data in {}", postgres.getPort(), storage);
            return postgres;
        } catch (IOException e) {
            throw new EmbeddedDatabaseException(
                    "The embedded PostgreSQL cannot start with its data in " + storage
                            + ": " + e.getMessage()
                            + ". Check that the data directory is writable and not used by another"
                            + " running Essaim (its data is kept; do not delete it unless you mean to lose everything).",
                    e);
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists =
                    statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (!exists.next()) {
                    statement.execute("create database " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot create database " + DATABASE, e));
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("essaim-embedded");
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", DATABASE));
        config.setUsername("postgres");
        config.setMaximumPoolSize(20);
        return new HikariDataSource(config);
    }
}
