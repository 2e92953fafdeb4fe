package org.essaim.provisioner;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SpaceQueueTest {

    @Test
    void aSlugIsQueuedOnceHoweverOftenItIsAdded() throws InterruptedException {
        try (SpaceQueue queue = new SpaceQueue(Duration.ofMillis(10), Duration.ofSeconds(1))) {
            queue.add("a");
            queue.add("b");
            queue.add("a");
            assertThat(queue.size()).isEqualTo(2);
            assertThat(queue.take()).isEqualTo("a");
            assertThat(queue.take()).isEqualTo("b");
        }
    }

    @Test
    void aSlugBeingWorkedOnIsNotHandedOutAgainUntilItsWorkIsDone() throws InterruptedException {
        try (SpaceQueue queue = new SpaceQueue(Duration.ofMillis(10), Duration.ofSeconds(1))) {
            queue.add("a");
            assertThat(queue.take()).isEqualTo("a");
            queue.add("a");
            assertThat(queue.size()).as("held back while a worker has it").isZero();
            assertThat(queue.idle()).isFalse();
            queue.done("a");
            assertThat(queue.size()).isEqualTo(1);
            assertThat(queue.take()).isEqualTo("a");
            queue.done("a");
            assertThat(queue.idle()).isTrue();
        }
    }

    @Test
    void retriesBackOffExponentiallyUpToALimitAndSuccessResetsThem() throws InterruptedException {
        try (SpaceQueue queue = new SpaceQueue(Duration.ofMillis(100), Duration.ofMillis(1000))) {
            assertThat(queue.backoff(1)).isEqualTo(Duration.ofMillis(100));
            assertThat(queue.backoff(2)).isEqualTo(Duration.ofMillis(200));
            assertThat(queue.backoff(4)).isEqualTo(Duration.ofMillis(800));
            assertThat(queue.backoff(5)).isEqualTo(Duration.ofMillis(1000));
            assertThat(queue.backoff(60)).isEqualTo(Duration.ofMillis(1000));

            assertThat(queue.retry("a")).isEqualTo(Duration.ofMillis(100));
            assertThat(queue.retry("a")).isEqualTo(Duration.ofMillis(200));
            queue.succeeded("a");
            assertThat(queue.retry("a")).isEqualTo(Duration.ofMillis(100));
            assertThat(queue.take()).isEqualTo("a");
        }
    }

    @Test
    void closingReleasesWaitingWorkers() throws InterruptedException {
        SpaceQueue queue = new SpaceQueue(Duration.ofMillis(10), Duration.ofSeconds(1));
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                // closing anyway
            }
            queue.close();
        });
        closer.start();
        assertThat(queue.take()).isNull();
        closer.join();
    }
}
