package io.github.batchaudience.internal.operation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.BatchAudienceOperation;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.internal.batching.BatchWrite;
import io.github.batchaudience.internal.batching.ChunkSender;
import io.github.batchaudience.internal.batching.WriteAbortedException;
import io.github.batchaudience.internal.batching.WriteSettings;
import io.github.batchaudience.internal.batching.WriteTarget;
import io.github.batchaudience.internal.batching.WriteTally;
import io.github.batchaudience.internal.client.BatchApiClient;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.internal.input.OperationSource;
import io.github.batchaudience.internal.input.OperationSources;
import io.github.batchaudience.internal.ordering.WriteOrder;
import io.github.batchaudience.internal.status.IndexingPoller;
import io.github.batchaudience.model.IdType;

/**
 * update, replace and sync: finds the audience's ID type, waits for the audience's turn, reads
 * and sends the input through {@link BatchWrite} (or {@link SyncRun}), waits for indexing when
 * asked, and returns the result. A lasting failure after part of the write was applied is a
 * {@link PartialWriteException} carrying what was.
 */
public final class AudienceWrites {
    private final BatchApiClient client;
    private final BatchAudienceConfiguration configuration;
    private final IdTypeResolver idTypes;
    private final WriteOrder writeOrder;
    private final ExecutorService senders;
    private final ScheduledExecutorService progressClock;

    /** @param progressClock null when progress reports are off */
    public AudienceWrites(BatchApiClient client, BatchAudienceConfiguration configuration, IdTypeResolver idTypes,
                          WriteOrder writeOrder, ExecutorService senders, ScheduledExecutorService progressClock) {
        this.client = client;
        this.configuration = configuration;
        this.idTypes = idTypes;
        this.writeOrder = writeOrder;
        this.senders = senders;
        this.progressClock = progressClock;
    }

    public BatchAudienceResult write(WriteRequest request, CallCounter counter) throws Exception {
        long started = System.nanoTime();
        BatchAudienceConfiguration c = configuration;
        String audience = request.audience();
        IdType idType = idTypes.forWriting(audience, request.idType(), counter);
        if (request.operation() == BatchAudienceOperation.replace && !client.dialect(idType).canReplace()) {
            throw new IllegalArgumentException("replace needs an install_ids audience (API 1.1); " + audience + " holds "
                                               + idType);
        }
        BatchWrite write = new BatchWrite(WriteSettings.of(c), senders);
        IndexingPoller poller = new IndexingPoller(client, idType, audience, c.getIndexingPollInterval(),
                                                   c.getIndexingTimeout(), counter);
        BatchAudienceResult result;
        // A dry run sends nothing: it neither waits for earlier writes nor holds back later ones.
        try (WriteOrder.Turn turn = c.isDryRun() ? null : writeOrder.turn(orderKey(audience))) {
            if (turn != null) {
                turn.awaitEarlier(request.awaitTokens(), poller);
            }
            try {
                result = send(request, idType, write, poller, counter, started);
            } finally {
                WriteTally sent = write.currentTally();
                if (turn != null && sent != null) {
                    turn.left(sent.tokens());
                }
            }
            if (turn != null && c.isWaitForIndexing()) {
                turn.settled(result.getTokens());
            }
        }
        return result;
    }

    /** One audience of one app or project on one server: the writes that must keep their order. */
    private String orderKey(String audience) {
        return configuration.getBaseUrl() + '\n' + Accounts.keyOf(configuration) + '\n' + audience;
    }

    /** The write itself, in its audience's turn. */
    private BatchAudienceResult send(WriteRequest request, IdType idType, BatchWrite write, IndexingPoller poller,
                                     CallCounter counter, long started)
            throws Exception {
        BatchAudienceConfiguration c = configuration;
        BatchAudienceOperation operation = request.operation();
        String audience = request.audience();
        MissingAudienceRecovery recovery = new MissingAudienceRecovery(audience, c.isAutoCreate()
                ? () -> idTypes.createIfMissing(audience, idType, counter) : null);
        ChunkSender patch = recovery.around(body -> client.update(audience, idType, body, counter));
        ChunkSender put = recovery.around(body -> client.replace(audience, idType, body, counter));
        WriteTarget target = new WriteTarget(audience, idType, client.dialect(idType));
        String what = (request.sourceName() == null ? "" : request.sourceName() + ": ") + operation + " of " + audience;
        BatchAudienceResult result;
        try (ProgressReport progress = new ProgressReport(progressClock, c.getProgressInterval(), write, what, started);
             OperationSource source = OperationSources.open(request.body(), c.getInputFormat(), request.sourceName())) {
            if (operation == BatchAudienceOperation.update) {
                result = WriteResults.of(operation, audience, idType, write.update(source, target, patch));
            } else if (operation == BatchAudienceOperation.replace) {
                result = WriteResults.of(operation, audience, idType, write.replace(source, target, put, patch, poller));
            } else {
                SyncRun sync = new SyncRun(client, c, idTypes, write, poller, counter);
                result = sync.run(source, target, request.replaceAsked(), put, patch);
            }
        } catch (WriteAbortedException e) {
            BatchAudienceResult partial = WriteResults.of(operation, audience, idType, e.tally());
            throw new PartialWriteException(WriteResults.finish(partial, counter, started), e.failure());
        }
        result.setDryRun(c.isDryRun());
        if (c.isWaitForIndexing() && !c.isDryRun()) {
            for (String token : result.getTokens()) {
                poller.awaitSettled(token);
            }
            result.setIndexingState(poller.lastState());
        }
        return WriteResults.finish(result, counter, started);
    }
}
