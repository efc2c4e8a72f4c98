package io.github.batchaudience.internal.client;

/**
 * How many write requests of one account may be in flight at once, across every endpoint:
 * Batch sees an account, not the endpoints that share it. When the endpoints of an account ask
 * for different numbers, the smallest holds.
 */
final class InFlight {
    private int max;
    private int used;

    InFlight(int max) {
        this.max = Math.max(1, max);
    }

    synchronized void tighten(int asked) {
        max = Math.max(1, Math.min(max, asked));
    }

    /** The number that holds. */
    synchronized int max() {
        return max;
    }

    synchronized void acquire() throws InterruptedException {
        while (used >= max) {
            wait();
        }
        used++;
    }

    synchronized void release() {
        used--;
        notifyAll();
    }
}
