package io.github.batchaudience.internal.operation;

import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.internal.client.ApiException;

/** A write stopped by a lasting API failure after part of it was applied: what was, and why it stopped. */
public final class PartialWriteException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient BatchAudienceResult partial;

    PartialWriteException(BatchAudienceResult partial, ApiException failure) {
        super(failure.getMessage(), failure);
        this.partial = partial;
    }

    public BatchAudienceResult partial() {
        return partial;
    }

    public ApiException failure() {
        return (ApiException) getCause();
    }
}
