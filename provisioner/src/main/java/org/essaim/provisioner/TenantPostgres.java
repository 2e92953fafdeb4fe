package org.essaim.provisioner;

import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.tenant.DatabaseRequirement;
import org.essaim.tenant.TenantTemplates;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Each app's database and login role on the shared tenant PostgreSQL server, over JDBC, as an account allowed to
 * create roles and databases (and extensions: a superuser, or an owner of the extensions' trusted list).
 *
 * <ul>
 *   <li>Idempotent and restartable: every step checks first, and a database is marked ready (a comment on it) only
 *   once its access rules and extensions are in place, so a crash between steps is finished on the next pass. A
 *   space that is complete costs two catalogue queries and no write.</li>
 *   <li>Passwords never travel in SQL text: the driver hashes them (SCRAM-SHA-256) before sending, so no statement
 *   log on the server ever holds one.</li>
 *   <li>A space's databases are closed to every other role ({@code REVOKE ALL ... FROM PUBLIC}).</li>
 * </ul>
 */
public final class TenantPostgres implements SpaceDatabases {

    static final String READY_MARK = "essaim: ready";
    private static final int TIMEOUT_SECONDS = 10;

    private final String jdbcUrl;
    private final String user;
    private final String password;

    /**
     * @param jdbcUrl  {@code jdbc:postgresql://host:port/postgres} (any database the account may connect to)
     * @param user     an account with CREATEROLE and CREATEDB (and the right to create the apps' extensions)
     * @param password its password
     */
    public TenantPostgres(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("The tenant database URL must start with jdbc:postgresql://");
        }
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public String describe() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    @Override
    public void ensure(DatabaseRequirement requirement, String rolePassword, boolean passwordIsNew) {
        String step = "connecting";
        try (Connection admin = connect(jdbcUrl)) {
            step = "creating the role " + requirement.role();
            boolean roleCreated = false;
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", requirement.role())) {
                execute(admin, "CREATE ROLE " + quote(requirement.role()) + " LOGIN");
                roleCreated = true;
            }
            if (roleCreated || passwordIsNew) {
                step = "setting the password of " + requirement.role();
                admin.unwrap(PGConnection.class)
                        .alterUserPassword(requirement.role(), rolePassword.toCharArray(), "scram-sha-256");
            }
            step = "creating the database " + requirement.database();
            String mark = databaseMark(admin, requirement.database());
            if (READY_MARK.equals(mark)) {
                return;
            }
            if (mark == null) {
                // CREATE DATABASE cannot run in a transaction; the connection is in auto-commit.
                execute(
                        admin,
                        "CREATE DATABASE " + quote(requirement.database()) + " OWNER " + quote(requirement.role())
                                + " ENCODING 'UTF8' TEMPLATE template0");
            }
            step = "closing " + requirement.database() + " to other roles";
            execute(admin, "REVOKE ALL ON DATABASE " + quote(requirement.database()) + " FROM PUBLIC");
            if (!requirement.extensions().isEmpty()) {
                step = "creating the extensions of " + requirement.database();
                createExtensions(requirement);
            }
            execute(admin, "COMMENT ON DATABASE " + quote(requirement.database()) + " IS '" + READY_MARK + "'");
        } catch (DatabaseFailure e) {
            throw e;
        } catch (SQLException e) {
            throw failure(e, step);
        }
    }

    private void createExtensions(DatabaseRequirement requirement) throws SQLException {
        try (Connection database = connect(urlFor(requirement.database()))) {
            for (String extension : requirement.extensions()) {
                if (exists(database, "SELECT 1 FROM pg_extension WHERE extname = ?", extension)) {
                    continue;
                }
                if (!exists(database, "SELECT 1 FROM pg_available_extensions WHERE name = ?", extension)) {
                    throw new DatabaseFailure(
                            Reason.EXTENSION_UNAVAILABLE,
                            "The extension " + extension
                                    + " that " + requirement.app() + " needs is not installed on the tenant PostgreSQL "
                                    + "server " + describe() + ". Install it there (for PostGIS on Debian: the package "
                                    + "postgresql-<version>-postgis-3); the provisioner retries on its own.",
                            null);
                }
                execute(database, "CREATE EXTENSION IF NOT EXISTS " + quote(extension));
            }
        }
    }

    @Override
    public List<String> dropSpace(String slug) {
        List<String> dropped = new ArrayList<>();
        String step = "connecting";
        try (Connection admin = connect(jdbcUrl)) {
            for (String name : TenantTemplates.allDatabaseNames(slug)) {
                step = "dropping " + name;
                if (databaseMark(admin, name) != null) {
                    execute(admin, "DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
                    dropped.add(name);
                }
                if (exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", name)) {
                    execute(admin, "DROP ROLE IF EXISTS " + quote(name));
                }
            }
            return dropped;
        } catch (SQLException e) {
            throw failure(e, step);
        }
    }

    /** The database's comment, "" when it has none, null when the database does not exist. */
    private static String databaseMark(Connection admin, String database) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement(
                "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }

    private Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(6 * TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "essaim-provisioner");
        return DriverManager.getConnection(url, properties);
    }

    /** The same server and options, another database. */
    String urlFor(String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String options = query < 0 ? "" : jdbcUrl.substring(query);
        int slash = base.indexOf('/', "jdbc:postgresql://".length());
        String server = slash < 0 ? base : base.substring(0, slash);
        return server + "/" + database + options;
    }

    private static boolean exists(Connection connection, String sql, String value) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, value);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(6 * TIMEOUT_SECONDS);
            statement.execute(sql);
        }
    }

    /** A quoted identifier. Names come from slugs (letters, digits, underscores), quoted all the same. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private DatabaseFailure failure(SQLException e, String step) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08") || state.equals("57P03") || e.getCause() instanceof IOException) {
            return new DatabaseFailure(
                    Reason.DATABASE_UNAVAILABLE,
                    "The tenant PostgreSQL server " + describe()
                            + " cannot be reached (" + step + "): " + e.getMessage()
                            + ". The provisioner retries on its own;"
                            + " check that the server is up and reachable from the provisioner.",
                    e);
        }
        if (state.startsWith("28")) {
            return new DatabaseFailure(
                    Reason.DATABASE_REFUSED,
                    "The tenant PostgreSQL server " + describe() + " refused the provisioner's account " + user
                            + ": check its user name and password.",
                    e);
        }
        if (state.equals("42501")) {
            return new DatabaseFailure(
                    Reason.DATABASE_REFUSED,
                    "The provisioner's account " + user + " may not do "
                            + "this on " + describe() + " (" + step
                            + "): it needs CREATEROLE and CREATEDB, and the right to "
                            + "create the apps' extensions.",
                    e);
        }
        return new DatabaseFailure(
                Reason.DATABASE_REFUSED,
                "The tenant PostgreSQL server " + describe() + " refused " + step + ": " + e.getMessage(),
                e);
    }

    @Override
    public String toString() {
        return "TenantPostgres[" + describe() + " as " + user + "]";
    }
}
