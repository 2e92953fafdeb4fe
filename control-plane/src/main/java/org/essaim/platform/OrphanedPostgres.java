package org.essaim.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded PostgreSQL left running by an Essaim that was cut ({@code kill -9}, a crash): its server outlives the
 * application, keeps its data directory and would make the next start wait and fail. Before starting, the data
 * directory's {@code postmaster.pid} is read; when the process it names is alive and is a PostgreSQL server working
 * in that very directory (its command, and its working directory, which PostgreSQL sets to its data directory), it
 * is asked to stop (SIGTERM: no client is left, so it ends at once and cleanly; then SIGINT, a fast shutdown) and
 * waited for. A process that is not that server is left alone (PostgreSQL itself then treats the file as stale).
 * The data is never touched.
 */
final class OrphanedPostgres {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostgres.class);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private OrphanedPostgres() {}

    /** Stops the server a previous run left on {@code storage}, if any; returns its PID when there was one. */
    static Optional<Long> stop(Path storage) {
        Optional<ProcessHandle> orphan = find(storage);
        if (orphan.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle server = orphan.get();
        log.warn(
                "An embedded PostgreSQL (PID {}) is still running on {} since Essaim was stopped without shutting "
                        + "it down; stopping it before starting again (its data is kept)",
                server.pid(),
                storage);
        if (!(signal(server, "TERM") && ended(server)) && !(signal(server, "INT") && ended(server))) {
            throw new EmbeddedDatabaseException(
                    "The embedded PostgreSQL left running by an earlier start (PID "
                            + server.pid() + ", data in " + storage + ") did not stop within " + 2 * GRACE.toSeconds()
                            + " s. Stop that process (kill " + server.pid() + "), then start Essaim again; the data in "
                            + storage + " is kept.",
                    null);
        }
        log.info("The earlier embedded PostgreSQL (PID {}) stopped", server.pid());
        return Optional.of(server.pid());
    }

    static Optional<ProcessHandle> find(Path storage) {
        List<String> lines;
        try {
            lines = Files.readAllLines(storage.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("Cannot read {}: {}", storage.resolve("postmaster.pid"), e.getMessage());
            return Optional.empty();
        }
        if (lines.isEmpty() || !lines.getFirst().strip().matches("[0-9]{1,10}")) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process =
                ProcessHandle.of(Long.parseLong(lines.getFirst().strip()));
        return process.filter(ProcessHandle::isAlive).filter(p -> isPostgresOn(p, storage));
    }

    private static boolean isPostgresOn(ProcessHandle process, Path storage) {
        boolean postgres = process.info()
                .command()
                .map(command -> Path.of(command).getFileName().toString().equals("postgres"))
                .orElse(false);
        if (!postgres) {
            return false;
        }
        try {
            Path workingDirectory = Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd"));
            return workingDirectory.equals(storage.toRealPath());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // not Linux, or not ours to look at: not ours to stop either
        }
    }

    private static boolean signal(ProcessHandle process, String signal) {
        if ("TERM".equals(signal)) {
            return process.destroy() || !process.isAlive();
        }
        try {
            return new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean ended(ProcessHandle process) {
        try {
            process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
