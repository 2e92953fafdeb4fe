package org.essaim.signon;

import org.essaim.security.SecretSeal;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flyway's V19: seals the signing keys written in clear before V18 (their JSON holds the private key), so that V20
 * can drop the clear column. A Java migration because the sealing key is the platform's, not the database's; Spring
 * Boot hands every {@link JavaMigration} bean to Flyway. jOOQ's classes come from the SQL scripts alone, which this
 * leaves as they are.
 */
@Component
class SigningKeySealMigration implements JavaMigration {

    private final SecretSeal seal;

    SigningKeySealMigration(SecretSeal seal) {
        this.seal = seal;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("19");
    }

    @Override
    public String getDescription() {
        return "seal signing keys";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Map<String, String> clear = new LinkedHashMap<>();
        try (PreparedStatement select = context.getConnection()
                        .prepareStatement("select kid, jwk from sign_on_signing_key where jwk is not null");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                clear.put(rows.getString(1), rows.getString(2));
            }
        }
        try (PreparedStatement update = context.getConnection()
                .prepareStatement("update sign_on_signing_key set sealed_jwk = ?, jwk = null where kid = ?")) {
            for (Map.Entry<String, String> key : clear.entrySet()) {
                update.setBytes(1, SigningKeys.seal(seal, key.getKey(), key.getValue()));
                update.setString(2, key.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
