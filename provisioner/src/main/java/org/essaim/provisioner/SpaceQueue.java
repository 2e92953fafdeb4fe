package org.essaim.provisioner;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The spaces waiting to be reconciled, by slug. A slug is queued at most once however often it is added, and never
 * handed to two workers at once: added while it is being worked on, it is queued again when that work is done.
 * Failures are retried with exponential back-off per slug ({@link #retry}), reset by {@link #succeeded}.
 */
final class SpaceQueue implements AutoCloseable {

    private final Duration firstRetry;
    private final Duration longestRetry;
    private final LinkedHashSet<String> queued = new LinkedHashSet<>();
    private final Set<String> working = new HashSet<>();
    private final Set<String> dirty = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final ScheduledExecutorService timer;
    private boolean closed;

    SpaceQueue(Duration firstRetry, Duration longestRetry) {
        this.firstRetry = firstRetry;
        this.longestRetry = longestRetry;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "space-queue-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    synchronized void add(String slug) {
        if (closed) {
            return;
        }
        if (working.contains(slug)) {
            dirty.add(slug);
            return;
        }
        if (queued.add(slug)) {
            notifyAll();
        }
    }

    void addAfter(String slug, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(slug);
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        timer.schedule(() -> add(slug), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next slug to work on, waiting for one; null once the queue is closed. */
    synchronized String take() throws InterruptedException {
        while (queued.isEmpty() && !closed) {
            wait();
        }
        if (closed) {
            return null;
        }
        String slug = queued.removeFirst();
        working.add(slug);
        return slug;
    }

    /** Work on the slug is over; if it was added meanwhile, it goes back in the queue. */
    synchronized void done(String slug) {
        working.remove(slug);
        if (dirty.remove(slug) && !closed && queued.add(slug)) {
            notifyAll();
        }
    }

    /** The last attempt failed: try again after a delay that doubles with each failure in a row. */
    Duration retry(String slug) {
        int attempt;
        synchronized (this) {
            attempt = failures.merge(slug, 1, Integer::sum);
        }
        Duration delay = backoff(attempt);
        addAfter(slug, delay);
        return delay;
    }

    synchronized void succeeded(String slug) {
        failures.remove(slug);
    }

    Duration backoff(int attempt) {
        long millis = firstRetry.toMillis() << Math.min(attempt - 1, 30);
        return millis <= 0 || millis > longestRetry.toMillis() ? longestRetry : Duration.ofMillis(millis);
    }

    synchronized int size() {
        return queued.size();
    }

    synchronized boolean idle() {
        return queued.isEmpty() && working.isEmpty();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        timer.shutdownNow();
    }
}
