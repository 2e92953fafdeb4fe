package org.essaim.member.csv;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Who is carrying out an import run: a PostgreSQL session advisory lock on the run's id, held on a connection of its
 * own for as long as the run goes. It ends with its connection, so a run whose application was killed is free to be
 * finished at once, while a run still going (on this replica or another) cannot be finished twice.
 */
final class RunLock implements AutoCloseable {

    /** The first key of the lock's pair: "ESIM" (Essaim's import runs). */
    private static final int KIND = 0x4553494D;

    private final Connection connection;
    private final long runId;

    private RunLock(Connection connection, long runId) {
        this.connection = connection;
        this.runId = runId;
    }

    static Optional<RunLock> take(DataSource dataSource, long runId) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
                statement.setInt(1, KIND);
                statement.setInt(2, (int) runId);
                try (ResultSet result = statement.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        return Optional.of(new RunLock(connection, runId));
                    }
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("cannot lock import run " + runId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            statement.setInt(1, KIND);
            statement.setInt(2, (int) runId);
            statement.execute();
        } catch (SQLException e) {
            // The lock ends with the session anyway.
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }
}
