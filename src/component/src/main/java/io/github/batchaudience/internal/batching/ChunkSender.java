package io.github.batchaudience.internal.batching;

import io.github.batchaudience.internal.client.ApiException;

/** Sends one write request body and returns its indexing token. */
@FunctionalInterface
public interface ChunkSender {
    String send(byte[] body) throws ApiException, InterruptedException;
}
