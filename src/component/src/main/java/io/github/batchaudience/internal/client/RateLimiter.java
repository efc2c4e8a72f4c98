package io.github.batchaudience.internal.client;

import java.util.concurrent.TimeUnit;

/** Spaces requests evenly so that no more than the configured number start in any second. */
final class RateLimiter {
    private long intervalNanos;
    private long nextFreeNanos = System.nanoTime();

    RateLimiter(double permitsPerSecond) {
        this.intervalNanos = intervalOf(permitsPerSecond);
    }

    private static long intervalOf(double permitsPerSecond) {
        return permitsPerSecond > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / permitsPerSecond) : 0;
    }

    /** Another user of the same limit asks for this rate: the stricter of the two holds. */
    synchronized void tighten(double permitsPerSecond) {
        long asked = intervalOf(permitsPerSecond);
        if (asked > intervalNanos) {
            intervalNanos = asked;
        }
    }

    /** The rate that holds, 0 for none. */
    synchronized double perSecond() {
        return intervalNanos == 0 ? 0 : (double) TimeUnit.SECONDS.toNanos(1) / intervalNanos;
    }

    void acquire() throws InterruptedException {
        long waitNanos;
        synchronized (this) {
            if (intervalNanos == 0) {
                return;
            }
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
