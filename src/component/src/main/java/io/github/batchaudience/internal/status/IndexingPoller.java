package io.github.batchaudience.internal.status;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.batchaudience.internal.batching.IndexingAwaiter;
import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.client.BatchApiClient;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.model.IdType;

/**
 * Polls {@code view?indexing_token=T} until the token is settled or the timeout passes. The first
 * looks come soon and then ever further apart (50 ms, doubling up to the poll interval): a write
 * indexed in a fraction of a second is seen settled then, not a whole interval later, which is
 * what a source sending batch after batch of one audience waits on; a slow indexing costs a
 * handful of views more, not one per 50 ms.
 */
public final class IndexingPoller implements IndexingAwaiter {
    private static final long FIRST_WAIT_MS = 50;

    private final BatchApiClient client;
    private final IdType idType;
    private final String audience;
    private final long pollIntervalMs;
    private final long timeoutMs;
    private final CallCounter counter;
    private volatile String lastState;

    public IndexingPoller(BatchApiClient client, IdType idType, String audience, long pollIntervalMs, long timeoutMs,
                          CallCounter counter) {
        this.client = client;
        this.idType = idType;
        this.audience = audience;
        this.pollIntervalMs = Math.max(1, pollIntervalMs);
        this.timeoutMs = timeoutMs;
        this.counter = counter;
    }

    @Override
    public Settled awaitSettled(String token) throws ApiException, InterruptedException, TimeoutException {
        pollUntilSettled(token);
        return IndexingStates.REPLACED.equalsIgnoreCase(lastState.trim()) ? Settled.REPLACED : Settled.APPLIED;
    }

    /**
     * The audience's view once its last write is settled, so that {@code nb_ids} counts every
     * write accepted so far. A view without indexing state has nothing to wait for.
     */
    public Map<String, Object> awaitSettledView() throws ApiException, InterruptedException, TimeoutException {
        return pollUntilSettled(null);
    }

    private Map<String, Object> pollUntilSettled(String token)
            throws ApiException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long waitMs = Math.min(FIRST_WAIT_MS, pollIntervalMs);
        while (true) {
            Map<String, Object> view = client.view(audience, idType, token, counter);
            Object state = view.get("indexing_state");
            lastState = state == null ? null : state.toString();
            if (IndexingStates.isSettled(lastState) || token == null && state == null) {
                return view;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException((token == null ? "the last write" : "indexing token " + token)
                                           + " of audience " + audience + " is still " + lastState + " after "
                                           + timeoutMs + " ms");
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(waitMs)));
            waitMs = Math.min(pollIntervalMs, waitMs * 2);
        }
    }

    /** The state seen by the last poll, or null before any. */
    public String lastState() {
        return lastState;
    }
}
