package io.github.batchaudience.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/**
 * Which fault, if any, the next Batch API request gets: first those injected on demand (after
 * an optional number of clean requests), then random ones at the configured rate, drawn from the
 * seeded generator so that a run can be repeated.
 */
final class Faults {
    private static final BatchEmulator.Fault[] RANDOM_KINDS = {
        BatchEmulator.Fault.SERVER_ERROR, BatchEmulator.Fault.MAINTENANCE, BatchEmulator.Fault.RATE_LIMITED,
        BatchEmulator.Fault.DROP_BEFORE_APPLY, BatchEmulator.Fault.DROP_AFTER_APPLY };

    private final Random random;
    private final Deque<BatchEmulator.Fault> queued = new ArrayDeque<>();
    private int cleanBeforeQueued;
    private double rate;

    Faults(Random random, double rate) {
        this.random = random;
        this.rate = rate;
    }

    synchronized void inject(int after, BatchEmulator.Fault fault, int count) {
        cleanBeforeQueued = after;
        for (int i = 0; i < count; i++) {
            queued.add(fault);
        }
    }

    synchronized void clear() {
        queued.clear();
        cleanBeforeQueued = 0;
        rate = 0;
    }

    synchronized void setRate(double rate) {
        this.rate = rate;
    }

    /** The fault for the request arriving now, or null. */
    synchronized BatchEmulator.Fault next() {
        if (!queued.isEmpty()) {
            if (cleanBeforeQueued > 0) {
                cleanBeforeQueued--;
                return null;
            }
            return queued.poll();
        }
        if (rate > 0) {
            synchronized (random) {
                if (random.nextDouble() < rate) {
                    return RANDOM_KINDS[random.nextInt(RANDOM_KINDS.length)];
                }
            }
        }
        return null;
    }
}
