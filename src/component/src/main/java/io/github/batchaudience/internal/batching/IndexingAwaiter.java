package io.github.batchaudience.internal.batching;

import java.util.concurrent.TimeoutException;

import io.github.batchaudience.internal.client.ApiException;

/** Blocks until an indexing token is APPLIED. */
@FunctionalInterface
public interface IndexingAwaiter {
    void awaitApplied(String token) throws ApiException, InterruptedException, TimeoutException;
}
