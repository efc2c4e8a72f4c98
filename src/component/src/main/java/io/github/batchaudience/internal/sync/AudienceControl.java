package io.github.batchaudience.internal.sync;

import java.util.concurrent.TimeoutException;

import io.github.batchaudience.internal.client.ApiException;

/** What sync needs to ask of the audience besides writes. */
public interface AudienceControl {
    /** The audience's nb_ids once its last write is applied (waits for that). */
    long settledSize() throws ApiException, InterruptedException, TimeoutException;

    /** Deletes and re-creates the audience: the 1.0 way to start again, since 1.0 has no replace. */
    void recreate() throws ApiException, InterruptedException;
}
