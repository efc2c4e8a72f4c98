package io.github.batchaudience.internal.client;

import java.util.concurrent.TimeUnit;

/** Spaces requests evenly so that no more than the configured number start in any second. */
final class RateLimiter {
    private final long intervalNanos;
    private long nextFreeNanos = System.nanoTime();

    RateLimiter(double permitsPerSecond) {
        this.intervalNanos = permitsPerSecond > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / permitsPerSecond) : 0;
    }

    void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextFreeNanos);
            nextFreeNanos = slot + intervalNanos;
            waitNanos = slot - now;
        }
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }
}
