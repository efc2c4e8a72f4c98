package io.github.batchaudience.internal.client;

import java.util.concurrent.atomic.AtomicLong;

/** Counts the HTTP requests and retries made on behalf of one exchange. */
public final class CallCounter {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    void attempt(int attemptNumber) {
        requests.incrementAndGet();
        if (attemptNumber > 1) {
            retries.incrementAndGet();
        }
    }

    public long requests() {
        return requests.get();
    }

    public long retries() {
        return retries.get();
    }
}
