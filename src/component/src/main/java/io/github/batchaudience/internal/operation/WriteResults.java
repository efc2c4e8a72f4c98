package io.github.batchaudience.internal.operation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.batchaudience.BatchAudienceOperation;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.internal.batching.WriteTally;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.model.IdType;
import io.github.batchaudience.model.RejectedRow;

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

    /**
     * One app's result in a write to several apps: the input's rows (read, duplicates, rejected
     * before sending) from {@code input}, what the app accepted or refused from {@code app}. With
     * one app, both are the same tally.
     */
    static BatchAudienceResult of(BatchAudienceOperation operation, String audience, IdType idType, WriteTally input,
                                  WriteTally app) {
        BatchAudienceResult r = of(operation, audience, idType, app);
        if (input != app && input != null) {
            r.setRowsRead(input.rowsRead());
            r.setDuplicates(input.duplicates());
            r.setRejected(input.rejected() + (app == null ? 0 : app.rejected()));
            List<RejectedRow> rows = new ArrayList<>(input.rejectedRows());
            if (app != null) {
                rows.addAll(app.rejectedRows());
            }
            r.setRejectedRows(rows);
        }
        return r;
    }

    /**
     * The result of a write to several apps: the input's counts, the sums of the apps' (requests
     * included), every app's tokens in the apps' order, and each app's result under {@code apps}.
     */
    static BatchAudienceResult ofApps(BatchAudienceOperation operation, String audience, IdType idType, WriteTally input,
                                      List<BatchAudienceResult> apps, long startedNanos) {
        BatchAudienceResult r = of(operation, audience, idType, null);
        r.setRowsRead(input.rowsRead());
        r.setDuplicates(input.duplicates());
        r.setRejected(input.rejected());
        r.setRejectedRows(input.rejectedRows());
        List<String> tokens = new ArrayList<>();
        for (BatchAudienceResult app : apps) {
            r.setIdsSent(r.getIdsSent() + app.getIdsSent());
            r.setAdded(r.getAdded() + app.getAdded());
            r.setRemoved(r.getRemoved() + app.getRemoved());
            r.setWriteRequests(r.getWriteRequests() + app.getWriteRequests());
            r.setRequests(r.getRequests() + app.getRequests());
            r.setRetries(r.getRetries() + app.getRetries());
            r.setDryRun(app.isDryRun());
            tokens.addAll(app.getTokens());
        }
        r.setTokens(tokens);
        // Settled in every app is settled; anything else is said app by app.
        String state = apps.get(0).getIndexingState();
        if (state != null && apps.stream().allMatch(app -> state.equals(app.getIndexingState()))) {
            r.setIndexingState(state);
        }
        r.setApps(apps);
        r.setDurationMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
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
