package io.github.batchaudience;

import io.github.batchaudience.internal.batching.InvalidRowException;
import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.input.InputException;
import io.github.batchaudience.internal.operation.AppsFailedException;
import io.github.batchaudience.internal.operation.PartialWriteException;
import io.github.batchaudience.internal.sync.SyncRefusedException;
import io.github.batchaudience.model.RejectedRow;

/**
 * Turns whatever went wrong inside the producer or the polling consumer into the one exception
 * routes see, deciding there, once, whether the same exchange may succeed later.
 */
final class Failures {
    private Failures() {
    }

    static BatchAudienceException of(String operation, String audience, Throwable failure) {
        if (failure instanceof AppsFailedException apps) {
            // Sent again, the exchange succeeds only if every app's failure may pass.
            boolean mayPass = apps.failures().values().stream()
                    .allMatch(cause -> of(operation, audience, cause).isTransient());
            return new BatchAudienceException(operation, audience, apps.getMessage(), mayPass, apps, apps.partial());
        }
        if (failure instanceof PartialWriteException partial) {
            return new BatchAudienceException(operation, audience, partial.failure(), partial.partial());
        }
        if (failure instanceof ApiException api) {
            return new BatchAudienceException(operation, audience, api, null);
        }
        if (failure instanceof InputException input) {
            return new BatchAudienceInputException(operation, audience, input.getMessage(), input.sourceName(),
                                                   input.line(), input.reason(), input, null);
        }
        if (failure instanceof InvalidRowException invalid) {
            RejectedRow row = invalid.row();
            return new BatchAudienceInputException(operation, audience, invalid.getMessage(), invalid.sourceName(),
                                                   row.getLine(), row.getReason(), invalid, null);
        }
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new BatchAudienceException(operation, audience, "interrupted", true, failure, null);
        }
        // Bad settings, headers or audience names, or the removal guard: the same exchange fails
        // again. Anything else (a wait for indexing that ran out, a local I/O fault such as a
        // state folder that cannot be written or a stream that broke) may pass later.
        boolean permanent = failure instanceof IllegalArgumentException || failure instanceof SyncRefusedException;
        String reason = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        return new BatchAudienceException(operation, audience, reason, !permanent, failure, null);
    }
}
