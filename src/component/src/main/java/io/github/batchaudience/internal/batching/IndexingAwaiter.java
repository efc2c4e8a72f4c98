package io.github.batchaudience.internal.batching;

import java.util.concurrent.TimeoutException;

import io.github.batchaudience.internal.client.ApiException;

/** Blocks until an indexing token is settled. */
@FunctionalInterface
public interface IndexingAwaiter {

    /** How a write settled. */
    enum Settled {
        APPLIED,
        /** Superseded by a later replace of the audience, which is applied after it. */
        REPLACED
    }

    Settled awaitSettled(String token) throws ApiException, InterruptedException, TimeoutException;
}
