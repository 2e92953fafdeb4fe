package org.essaim.platform;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Readiness's {@code db} check, bounded: Spring Boot's own waits as long as the database does, so a frozen database
 * (a stopped process, a network that drops packets) made the readiness probe hang instead of answering "not ready".
 * The check runs on a thread of its own and readiness says DOWN after {@code essaim.health.database-timeout} (2 s);
 * while a check is still stuck, the next ones answer DOWN at once instead of piling threads up.
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator implements HealthIndicator, DisposableBean {

    private final DataSource dataSource;
    private final Duration timeout;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "database-health");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Boolean> inFlight;

    DatabaseHealthIndicator(DataSource dataSource, HealthSettings settings) {
        this.dataSource = dataSource;
        this.timeout = settings.databaseTimeout();
    }

    @Override
    public synchronized Health health() {
        if (inFlight != null && !inFlight.isDone()) {
            return Health.down()
                    .withDetail("reason", "the previous check has had no answer from the database yet")
                    .build();
        }
        inFlight = checker.submit(this::valid);
        try {
            return inFlight.get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? Health.up().withDetail("database", "PostgreSQL").build()
                    : Health.down()
                            .withDetail("reason", "the connection is not valid")
                            .build();
        } catch (TimeoutException e) {
            return Health.down()
                    .withDetail("reason", "no answer from the database within " + timeout.toMillis() + " ms")
                    .build();
        } catch (ExecutionException e) {
            return Health.down()
                    .withDetail("reason", String.valueOf(e.getCause()))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        }
    }

    private boolean valid() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) Math.max(1, timeout.toSeconds()));
        }
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }
}
