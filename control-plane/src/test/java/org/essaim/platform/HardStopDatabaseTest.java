package org.essaim.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local default's PostgreSQL after Essaim is killed ({@code kill -9}): a real second JVM starts the embedded
 * server as the application does, commits a row and is killed; its PostgreSQL runs on as an orphan. The next start
 * finds it by its {@code postmaster.pid}, stops it and starts normally, with the committed row, fsync and
 * synchronous commits on.
 */
class HardStopDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void theNextStartStopsTheOrphanedServerAndKeepsEveryCommittedRow() throws Exception {
        Path storage = dataDir.resolve("postgres");
        Process essaim = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Killed.class.getName(),
                        storage.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader output =
                new BufferedReader(new InputStreamReader(essaim.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null && !line.equals("committed")) {
                // startup logs
            }
            assertThat(line).as("the first JVM committed its row").isEqualTo("committed");
            essaim.destroyForcibly(); // SIGKILL: no shutdown hook, no Spring close
            assertThat(essaim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        ProcessHandle orphan = OrphanedPostgres.find(storage)
                .orElseThrow(() -> new AssertionError("the killed JVM's PostgreSQL should still run"));
        assertThat(orphan.isAlive()).isTrue();

        long started = System.nanoTime();
        try (EmbeddedPostgres postgres = EmbeddedDatabaseConfiguration.start(storage);
                Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            assertThat(orphan.isAlive()).as("the orphan was stopped").isFalse();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
                    .as("no wait for zonky's 60 s start-up timeout")
                    .isLessThan(50);
            assertThat(single(statement, "show fsync")).isEqualTo("on");
            assertThat(single(statement, "show synchronous_commit")).isEqualTo("on");
        }
        try (EmbeddedPostgres postgres = EmbeddedDatabaseConfiguration.start(storage);
                Connection connection = postgres.getDatabase("postgres", EmbeddedDatabaseConfiguration.DATABASE)
                        .getConnection();
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "select note from hard_stop")).isEqualTo("acknowledged before the kill");
        }
        assertThat(storage.resolve("postmaster.pid")).as("stopped cleanly").doesNotExist();
        assertThat(Files.isDirectory(storage.resolve("base"))).as("data kept").isTrue();
    }

    @Test
    void aPostmasterPidNamingAnotherProgramIsLeftAloneAndTheServerStarts() throws Exception {
        Path storage = dataDir.resolve("postgres");
        try (EmbeddedPostgres first = EmbeddedDatabaseConfiguration.start(storage)) {
            assertThat(first.getPort()).isPositive();
        }
        // A PID reused by an unrelated process (this JVM) after a crash: not a PostgreSQL on this directory.
        Files.writeString(
                storage.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + storage + "\n");
        assertThat(OrphanedPostgres.find(storage)).isEmpty();
        try (EmbeddedPostgres again = EmbeddedDatabaseConfiguration.start(storage)) {
            assertThat(ProcessHandle.current().isAlive()).isTrue();
            assertThat(again.getPort()).isPositive();
        }
    }

    private static String single(Statement statement, String sql) throws Exception {
        try (ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }

    /** The first Essaim: starts the embedded PostgreSQL as the application does, commits, then waits to be killed. */
    public static final class Killed {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgres postgres = EmbeddedDatabaseConfiguration.start(Path.of(args[0]));
            try (Connection connection = postgres.getDatabase("postgres", EmbeddedDatabaseConfiguration.DATABASE)
                            .getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("create table hard_stop (note text)");
                statement.execute("insert into hard_stop values ('acknowledged before the kill')");
            }
            System.out.println("committed");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
