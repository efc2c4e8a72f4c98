package io.github.batchaudience.internal.operation;

import java.util.concurrent.TimeUnit;

import io.github.batchaudience.BatchAudienceOperation;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.internal.batching.WriteTally;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.model.IdType;

/** A write's tally as the result routes see. */
final class WriteResults {
    private WriteResults() {
    }

    static BatchAudienceResult of(BatchAudienceOperation operation, String audience, IdType idType, WriteTally tally) {
        BatchAudienceResult r = new BatchAudienceResult();
        r.setAudience(audience);
        r.setOperation(operation);
        r.setIdType(idType);
        if (tally != null) {
            r.setRowsRead(tally.rowsRead());
            r.setIdsSent(tally.idsSent());
            r.setAdded(tally.added());
            r.setRemoved(tally.removed());
            r.setDuplicates(tally.duplicates());
            r.setRejected(tally.rejected());
            r.setRejectedRows(tally.rejectedRows());
            r.setWriteRequests(tally.writeRequests());
            r.setTokens(tally.tokens());
        }
        return r;
    }

    /** The requests, retries and time of the whole exchange, set once it is over (indexing waits included). */
    static BatchAudienceResult finish(BatchAudienceResult r, CallCounter counter, long startedNanos) {
        r.setRequests(counter.requests());
        r.setRetries(counter.retries());
        r.setDurationMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
        return r;
    }
}
