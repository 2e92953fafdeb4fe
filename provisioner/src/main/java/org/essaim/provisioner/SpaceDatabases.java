package org.essaim.provisioner;

import org.essaim.tenant.DatabaseRequirement;

import java.util.List;

/**
 * What the provisioner does on the tenant PostgreSQL server, for one space: each app's database and login role,
 * and erasing them. {@link TenantPostgres} does it over JDBC; {@link #notConfigured()} stands in when no server is
 * configured (the local default), and says so in the space's status.
 */
public interface SpaceDatabases {

    boolean configured();

    /** Where the server is, for messages. */
    String describe();

    /**
     * Creates what is missing of the app's role and database (with its extensions). The role's password is set
     * when the role is created, and again when {@code passwordIsNew} (its Secret was just generated); otherwise an
     * existing role is left alone.
     *
     * @throws DatabaseFailure saying what went wrong, in words a person can act on
     */
    void ensure(DatabaseRequirement requirement, String password, boolean passwordIsNew);

    /** Drops every database and role the space may have had; returns the names dropped. */
    List<String> dropSpace(String slug);

    static SpaceDatabases notConfigured() {
        return new SpaceDatabases() {
            @Override
            public boolean configured() {
                return false;
            }

            @Override
            public String describe() {
                return "no tenant PostgreSQL server";
            }

            @Override
            public void ensure(DatabaseRequirement requirement, String password, boolean passwordIsNew) {
                throw new IllegalStateException("No tenant PostgreSQL server is configured");
            }

            @Override
            public List<String> dropSpace(String slug) {
                return List.of();
            }
        };
    }

    /** A database operation failed; {@link #reason()} is the condition reason it becomes. */
    final class DatabaseFailure extends RuntimeException {
        private final String reason;

        public DatabaseFailure(String reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
