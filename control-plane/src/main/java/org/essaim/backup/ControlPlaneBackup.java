package org.essaim.backup;

import org.essaim.ldap.DirectoryBackup;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The control plane's own backup: every table of its database (applications, campaigns, spaces, invitations, audit
 * log, outbox, ...) through PostgreSQL's COPY, and the directory as LDIF with its password hashes. It works on any
 * PostgreSQL the application reaches (pgjdbc's CopyManager; zonky's embedded server ships no pg_dump), so the local
 * default and the tests use it; production uses pg_dump/pg_restore and slapcat/slapadd (runbooks/restoring.md).
 *
 * <p>Left out: Flyway's history (a restore goes into a database migrated to the same version, which is checked) and
 * Quartz's tables (its jobs are registered again by the application at start).
 *
 * <p>Layout of an export directory: {@code schema-version} (Flyway's latest version), {@code tables} (one table
 * per line, parents before children), {@code database/<table>.copy} (COPY text format), {@code directory.ldif}.
 */
public final class ControlPlaneBackup {

    private final DataSource dataSource;
    private final DirectoryBackup directory;

    public ControlPlaneBackup(DataSource dataSource, DirectoryBackup directory) {
        this.dataSource = dataSource;
        this.directory = directory;
    }

    /** What an export or a restore moved. */
    public record Summary(Map<String, Long> rows, int directoryEntries) {}

    public Summary export(Path target) {
        try (Connection connection = dataSource.getConnection()) {
            Files.createDirectories(target.resolve("database"));
            connection.setAutoCommit(false);
            // One snapshot for every table, so the export is consistent while the application keeps working.
            try (Statement statement = connection.createStatement()) {
                statement.execute("set transaction isolation level repeatable read, read only");
            }
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            List<String> tables = tablesInOrder(connection);
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : tables) {
                try (OutputStream out = Files.newOutputStream(target.resolve("database/" + table + ".copy"))) {
                    rows.put(table, copy.copyOut("copy " + quote(table) + " to stdout", out));
                }
            }
            connection.commit();
            Files.write(target.resolve("tables"), tables, StandardCharsets.UTF_8);
            Files.writeString(target.resolve("schema-version"), schemaVersion(connection));
            int entries = directory.exportTo(target.resolve("directory.ldif"));
            return new Summary(rows, entries);
        } catch (SQLException e) {
            throw new IllegalStateException("The database could not be exported: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the database's content and the directory's entries with an export's. The database must be migrated
     * to the export's schema version (start the same release of Essaim once on it); the tables are emptied and
     * filled in one transaction, so a failure leaves the database as it was.
     */
    public Summary restore(Path source) {
        try (Connection connection = dataSource.getConnection()) {
            String expected = Files.readString(source.resolve("schema-version")).strip();
            String actual = schemaVersion(connection);
            if (!expected.equals(actual)) {
                throw new IllegalStateException("The export is of schema version " + expected + " but this database "
                        + "is at " + actual + ": restore with the release of Essaim that made the export.");
            }
            List<String> tables = Files.readAllLines(source.resolve("tables"), StandardCharsets.UTF_8);
            Set<String> known = new LinkedHashSet<>(tablesInOrder(connection));
            if (!known.containsAll(tables)) {
                throw new IllegalStateException("The export holds tables this database does not have: " + tables);
            }
            connection.setAutoCommit(false);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            Map<String, Long> rows = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement()) {
                statement.execute("truncate "
                        + String.join(
                                ", ",
                                tables.stream().map(ControlPlaneBackup::quote).toList()) + " restart identity");
                for (String table : tables) {
                    try (InputStream in = Files.newInputStream(source.resolve("database/" + table + ".copy"))) {
                        rows.put(table, copy.copyIn("copy " + quote(table) + " from stdin", in));
                    }
                }
                resetIdentities(statement, tables);
                connection.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            int entries = directory.restoreFrom(source.resolve("directory.ldif"));
            return new Summary(rows, entries);
        } catch (SQLException e) {
            throw new IllegalStateException("The database could not be restored: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The application's tables, each after the tables its foreign keys point to. */
    static List<String> tablesInOrder(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        Map<String, Set<String>> parents = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select tablename from pg_tables where schemaname = "
                    + "current_schema() and tablename <> 'flyway_schema_history' and tablename not like 'qrtz\\_%' "
                    + "order by tablename")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            try (ResultSet rs = statement.executeQuery(
                    "select c.conrelid::regclass::text, c.confrelid::regclass::text "
                            + "from pg_constraint c where c.contype = 'f' and c.connamespace = current_schema()::regnamespace")) {
                while (rs.next()) {
                    parents.computeIfAbsent(rs.getString(1), t -> new LinkedHashSet<>())
                            .add(rs.getString(2));
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < tables.size()) {
            int before = ordered.size();
            for (String table : tables) {
                if (!ordered.contains(table)
                        && parents.getOrDefault(table, Set.of()).stream()
                                .allMatch(parent ->
                                        parent.equals(table) || ordered.contains(parent) || !tables.contains(parent))) {
                    ordered.add(table);
                }
            }
            if (ordered.size() == before) {
                throw new IllegalStateException("Foreign keys form a cycle among " + tables);
            }
        }
        return ordered;
    }

    private static void resetIdentities(Statement statement, List<String> tables) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(
                "select table_name, column_name from information_schema.columns "
                        + "where table_schema = current_schema() and (is_identity = 'YES' or column_default like 'nextval%')")) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] column : columns) {
            if (tables.contains(column[0])) {
                String table = quote(column[0]);
                String name = quote(column[1]);
                statement.execute("select setval(pg_get_serial_sequence('" + table.replace("'", "''") + "', '"
                        + column[1].replace("'", "''") + "'), coalesce((select max(" + name + ") from " + table
                        + "), 0) + 1, false)");
            }
        }
    }

    private static String schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select version from flyway_schema_history where success and "
                        + "version is not null order by installed_rank desc limit 1")) {
            return rs.next() ? rs.getString(1) : "none";
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
