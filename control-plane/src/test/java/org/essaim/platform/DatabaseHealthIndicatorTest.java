package org.essaim.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness while the database is frozen: a "PostgreSQL" that accepts connections and never answers (as a stopped
 * server or a black-holed network does). Spring Boot's own check waited on it; this one says DOWN.
 */
class DatabaseHealthIndicatorTest {

    @Test
    @Timeout(120) // a guard against the hang this fixes, not a measurement
    void aFrozenDatabaseIsNotReadyInsteadOfHangingTheProbe() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(frozen.accept()); // accepted, never answered
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + frozen.getLocalPort() + "/essaim");
            config.setUsername("postgres");
            config.setInitializationFailTimeout(-1);
            config.setConnectionTimeout(60_000);
            try (HikariDataSource dataSource = new HikariDataSource(config)) {
                DatabaseHealthIndicator indicator =
                        new DatabaseHealthIndicator(dataSource, new HealthSettings(Duration.ofMillis(500)));

                Health first = indicator.health();
                assertThat(first.getStatus()).isEqualTo(Status.DOWN);
                assertThat(first.getDetails().get("reason").toString()).contains("no answer");
                Health second = indicator.health();
                assertThat(second.getStatus()).isEqualTo(Status.DOWN);
                assertThat(second.getDetails().get("reason").toString()).contains("previous check");
                indicator.destroy();
            }
            acceptor.interrupt();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
