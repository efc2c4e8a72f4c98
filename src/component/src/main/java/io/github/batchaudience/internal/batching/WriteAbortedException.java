package io.github.batchaudience.internal.batching;

import io.github.batchaudience.internal.client.ApiException;

/** A write request failed for good, so the exchange's remaining requests were not sent. */
public final class WriteAbortedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ApiException failure;
    private transient WriteTally tally;

    public WriteAbortedException(ApiException failure) {
        super(failure.getMessage(), failure);
        this.failure = failure;
    }

    public ApiException failure() {
        return failure;
    }

    /** What the exchange had done when it stopped: accepted requests, their tokens, rejected rows. */
    public WriteTally tally() {
        return tally;
    }

    WriteAbortedException withTally(WriteTally tally) {
        if (this.tally == null) {
            this.tally = tally;
        }
        return this;
    }
}
