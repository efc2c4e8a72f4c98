package io.github.batchaudience.integration;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Keeps a file whose last attempt failed for a passing reason (the API unreachable, 5xx after
 * every retry) in its folder, and out of the consumer's sight until its next attempt is due:
 * the delay doubles with each failure, up to a ceiling.
 */
public class RetryFilter<T> implements GenericFileFilter<T> {
    private final Map<String, Attempts> waiting = new ConcurrentHashMap<>();
    private long delay = 10_000;
    private long maxDelay = 600_000;

    private static final class Attempts {
        final int failures;
        final long dueAt;

        Attempts(int failures, long dueAt) {
            this.failures = failures;
            this.dueAt = dueAt;
        }
    }

    @Override
    public boolean accept(GenericFile<T> file) {
        if (file.isDirectory()) {
            return true;
        }
        Attempts attempts = waiting.get(file.getFileName());
        return attempts == null || System.currentTimeMillis() >= attempts.dueAt;
    }

    /** Records a failed attempt; returns the milliseconds until the next one. */
    public long failed(String file) {
        Attempts next = waiting.compute(file, (name, before) -> {
            int failures = before == null ? 1 : before.failures + 1;
            long wait = Math.min(maxDelay, delay << Math.min(20, failures - 1));
            return new Attempts(failures, System.currentTimeMillis() + wait);
        });
        return next.dueAt - System.currentTimeMillis();
    }

    public void succeeded(String file) {
        waiting.remove(file);
    }

    /** Files waiting for their next attempt. */
    public int waitingCount() {
        return waiting.size();
    }

    public long getDelay() {
        return delay;
    }

    /** Milliseconds before the first new attempt. */
    public void setDelay(long delay) {
        this.delay = delay;
    }

    public long getMaxDelay() {
        return maxDelay;
    }

    public void setMaxDelay(long maxDelay) {
        this.maxDelay = maxDelay;
    }
}
