package org.essaim.provisioner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A fixed number of threads, each taking the next slug from the queue and working on it. */
final class Workers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    private final List<Thread> threads = new ArrayList<>();
    private final SpaceQueue queue;

    Workers(String name, int count, SpaceQueue queue, Consumer<String> work) {
        this.queue = queue;
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(() -> run(work), name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    private void run(Consumer<String> work) {
        while (!Thread.currentThread().isInterrupted()) {
            String slug;
            try {
                slug = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (slug == null) {
                return;
            }
            try {
                work.accept(slug);
            } catch (RuntimeException e) {
                // A bug, not a failure of the cluster: say which space, keep the worker, retry later.
                log.error("Reconciling space {} failed unexpectedly: {}", slug, e.toString(), e);
                queue.retry(slug);
            } finally {
                queue.done(slug);
            }
        }
    }

    @Override
    public void close() {
        queue.close();
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
