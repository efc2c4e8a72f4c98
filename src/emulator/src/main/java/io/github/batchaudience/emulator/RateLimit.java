package io.github.batchaudience.emulator;

/** At most {@code perSecond} requests in each wall-clock second (0: no limit). */
final class RateLimit {
    private final int perSecond;
    private long second;
    private int used;

    RateLimit(int perSecond) {
        this.perSecond = perSecond;
    }

    synchronized boolean tryAcquire() {
        if (perSecond <= 0) {
            return true;
        }
        long now = System.currentTimeMillis() / 1000;
        if (now != second) {
            second = now;
            used = 0;
        }
        return ++used <= perSecond;
    }
}
