package org.essaim.signon;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.essaim.security.SecretSeal;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signing keys' private parts never reach PostgreSQL in clear: what the database holds, read raw, contains none
 * of a key's private numbers, and the migration seals the keys written in clear before it.
 */
@EssaimTest
class SigningKeysSealedTest {

    @Autowired
    SigningKeys keys;

    @Autowired
    SecretSeal seal;

    @Autowired
    DataSource dataSource;

    @Test
    void theDatabaseHoldsNoPrivateKeyMaterial() throws Exception {
        List<JWK> privateKeys = keys.get(
                new JWKSelector(new JWKMatcher.Builder().privateOnly(true).build()), null);
        assertThat(privateKeys).as("this replica can sign").isNotEmpty();
        String raw = rawRows(dataSource, "select * from sign_on_signing_key");
        assertThat(raw).contains(keys.currentKid());
        for (JWK key : privateKeys) {
            assertNoPrivatePart(raw, key.toRSAKey());
        }
        assertThat(raw).doesNotContain("\"d\"").doesNotContain("\"kty\"");
    }

    @Test
    void theMigrationSealsKeysWrittenInClear() throws Exception {
        // A database as it was at V18, holding a key in clear as V14 stored it.
        String url = TestDatabase.jdbcUrl(
                "seal_migration_" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "x"));
        Flyway.configure()
                .dataSource(url, "postgres", null)
                .locations("classpath:db/migration")
                .javaMigrations(new SigningKeySealMigration(seal))
                .target("18")
                .load()
                .migrate();
        RSAKey clear = new RSAKeyGenerator(2048).keyID("old-key").generate();
        var migrated = Flyway.configure()
                .dataSource(url, "postgres", null)
                .locations("classpath:db/migration")
                .javaMigrations(new SigningKeySealMigration(seal))
                .load();
        try (Connection connection = migrated.getConfiguration().getDataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("insert into sign_on_signing_key (kid, jwk, created_at) values ('old-key', '"
                    + clear.toJSONString() + "', now())");
        }
        migrated.migrate();

        String raw;
        byte[] sealed;
        try (Connection connection = migrated.getConfiguration().getDataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery("select sealed_jwk from sign_on_signing_key where kid = 'old-key'")) {
            assertThat(row.next()).isTrue();
            sealed = row.getBytes(1);
        }
        raw = rawRows(migrated.getConfiguration().getDataSource(), "select * from sign_on_signing_key");
        assertNoPrivatePart(raw, clear);
        assertThat(raw).doesNotContain("\"d\"");
        assertThat(JWK.parse(SigningKeys.open(seal, "old-key", sealed)))
                .as("the same key, sealed")
                .isEqualTo(clear);
    }

    private static void assertNoPrivatePart(String raw, RSAKey key) {
        for (var part : List.of(
                key.getPrivateExponent(),
                key.getFirstPrimeFactor(),
                key.getSecondPrimeFactor(),
                key.getFirstFactorCRTExponent(),
                key.getSecondFactorCRTExponent())) {
            assertThat(raw).as("a private number of " + key.getKeyID()).doesNotContain(part.toString());
        }
    }

    /** Every column of every row, as text and as bytes read as Latin-1 and UTF-8, one string. */
    private static String rawRows(DataSource dataSource, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            ResultSetMetaData meta = rows.getMetaData();
            while (rows.next()) {
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    values.add(String.valueOf(rows.getString(column)));
                    byte[] bytes = rows.getBytes(column);
                    if (bytes != null) {
                        values.add(new String(bytes, StandardCharsets.ISO_8859_1));
                        values.add(new String(bytes, StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return String.join("\n", values);
    }
}
