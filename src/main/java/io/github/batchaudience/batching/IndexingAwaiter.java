package io.github.batchaudience.batching;

import java.util.concurrent.TimeoutException;

import io.github.batchaudience.client.ApiException;

/** Blocks until an indexing token is APPLIED. */
@FunctionalInterface
public interface IndexingAwaiter {
    void awaitApplied(String token) throws ApiException, InterruptedException, TimeoutException;
}
