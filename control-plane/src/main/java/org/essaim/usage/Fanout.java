package org.essaim.usage;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks about many spaces at once, a few at a time, within a deadline. One space failing (an error, a timeout, or
 * no turn before the deadline) costs that space's figure, never the others'.
 */
final class Fanout {

    /** A question about one space; {@code null} means "no figure", an exception a failure. */
    @FunctionalInterface
    interface Question<R> {
        R ask(String slug) throws Exception;
    }

    /** The figures obtained, and why the others were not. */
    record Outcome<R>(Map<String, R> values, Map<String, String> failures) {

        static <R> Outcome<R> none() {
            return new Outcome<>(Map.of(), Map.of());
        }
    }

    private Fanout() {}

    static <R> Outcome<R> ask(Collection<String> slugs, int concurrency, Duration deadline, Question<R> question) {
        Map<String, R> values = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(
                concurrency, Thread.ofVirtual().name("usage-", 0).factory());
        try {
            Map<String, Future<R>> asked = new LinkedHashMap<>();
            for (String slug : slugs) {
                asked.put(slug, pool.submit(() -> question.ask(slug)));
            }
            pool.shutdown();
            long end = System.nanoTime() + deadline.toNanos();
            for (Map.Entry<String, Future<R>> entry : asked.entrySet()) {
                Future<R> answer = entry.getValue();
                try {
                    R value = answer.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (value != null) {
                        values.put(entry.getKey(), value);
                    }
                } catch (TimeoutException | CancellationException late) {
                    answer.cancel(true);
                    failures.put(entry.getKey(), "no answer before the run's deadline");
                } catch (ExecutionException e) {
                    failures.put(entry.getKey(), describe(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.put(entry.getKey(), "interrupted");
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome<>(values, failures);
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
