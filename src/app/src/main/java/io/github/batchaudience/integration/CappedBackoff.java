package io.github.batchaudience.integration;

/**
 * A delay that doubles with every failure in a row, from a first delay up to a ceiling: how long
 * an inbox file, or a Kafka poll, waits before it is tried again.
 */
public final class CappedBackoff {
    private long first;
    private long max;

    public CappedBackoff(long first, long max) {
        this.first = first;
        this.max = max;
    }

    /** The delay (ms) after the given number of failures in a row, the first one included. */
    public long delay(int failures) {
        long delay = first;
        for (int i = 1; i < failures && delay > 0 && delay < max; i++) {
            delay *= 2;
        }
        return Math.min(delay, max);
    }

    public long getFirst() {
        return first;
    }

    public void setFirst(long first) {
        this.first = first;
    }

    public long getMax() {
        return max;
    }

    public void setMax(long max) {
        this.max = max;
    }
}
