package io.github.batchaudience.internal.batching;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.input.OperationSource;
import io.github.batchaudience.internal.validation.OperationValidator;
import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.IdOperation;
import io.github.batchaudience.model.IdType;
import io.github.batchaudience.model.RejectedRow;

/**
 * One exchange's writes, in two passes. First every row is read, validated and handed to a
 * sink (invalid rows are reported, never sent), reading and checking on two threads; then the
 * elements, each ID once, are cut into requests and sent in parallel. Reading everything first
 * is what lets an ID appear in one request only, whatever its position in the input.
 */
public final class BatchWrite {
    private final WriteSettings settings;
    private final ExecutorService executor;
    private volatile WriteTally current;

    public BatchWrite(WriteSettings settings, ExecutorService executor) {
        this.settings = settings;
        this.executor = executor;
    }

    public WriteTally newTally() {
        current = new WriteTally(settings.maxRejectedKept());
        return current;
    }

    /** The tally of the write under way (for progress reports from another thread), or null. */
    public WriteTally currentTally() {
        return current;
    }

    /** A spool sized for this write: validated rows of update and replace wait there. */
    public OperationSpool newSpool() {
        return new OperationSpool(settings.spoolMemoryBudget(), settings.spoolDirectory());
    }

    /** PATCH every element, adds and removes, duplicates resolved by the version's rule. */
    public WriteTally update(OperationSource source, WriteTarget target, ChunkSender patch)
            throws IOException, InterruptedException, InvalidRowException, WriteAbortedException {
        WriteTally tally = newTally();
        try (OperationSpool spool = newSpool()) {
            ingest(source, target, spool, tally);
            sendAll(new ResolvedElements(spool, target.duplicateRule(), tally), target.updateShape(), patch, tally);
        }
        return tally;
    }

    /**
     * Make the audience exactly the input's IDs (1.1). An ID whose last action in the input is
     * remove is left out.
     */
    public WriteTally replace(OperationSource source, WriteTarget target, ChunkSender put, ChunkSender patch,
                              IndexingAwaiter awaiter)
            throws IOException, InterruptedException, InvalidRowException, WriteAbortedException, TimeoutException {
        WriteTally tally = newTally();
        try (OperationSpool spool = newSpool()) {
            ingest(source, target, spool, tally);
            ResolvedElements resolved = new ResolvedElements(spool, DuplicateRule.LAST_WINS, tally);
            if (!replaceWith(() -> nextAdd(resolved), target, put, patch, awaiter, tally)) {
                throw new IllegalArgumentException(source.sourceName() + ": replace with no valid ID would empty the"
                                                   + " audience; nothing was sent (use delete, or sync with"
                                                   + " maxRemovalPercent=100)");
            }
        }
        return tally;
    }

    private static Element nextAdd(ElementStream elements) throws IOException {
        Element e;
        do {
            e = elements.next();
        } while (e != null && e.action != Action.ADD);
        return e;
    }

    /**
     * Reads every row, normalises and validates it, and hands the valid ones to the sink. Invalid
     * rows are reported in the tally, or end the write at once with invalidRows=fail. The source
     * is read on this thread, the rest done on one of the executor's, in the order of the rows.
     */
    public void ingest(OperationSource source, WriteTarget target, RowSink sink, WriteTally tally)
            throws IOException, InvalidRowException, InterruptedException {
        OperationValidator validator = target.validator();
        try (ElementWriter writer = new ElementWriter()) {
            new RowPipeline(executor).run(source, row -> {
                tally.rowRead();
                String reason = row.reason();
                IdOperation op = null;
                if (reason == null) {
                    op = validator.normalize(row.operation());
                    reason = validator.check(op);
                }
                if (reason != null) {
                    RejectedRow rejected = new RejectedRow(row.line(), op != null ? op.getId() : row.id(), reason);
                    tally.rejected(rejected);
                    if (settings.failOnInvalidRow()) {
                        throw new InvalidRowException(source.sourceName(), rejected);
                    }
                    return;
                }
                writer.write(op, row.line(), sink);
            });
        }
    }

    /** Sends every element (PATCH), at most parallelRequests at a time, and waits for all. */
    public void sendAll(ElementStream elements, RequestShape shape, ChunkSender sender, WriteTally tally)
            throws IOException, InterruptedException, WriteAbortedException {
        try {
            Dispatcher dispatcher = dispatcher(sender, shape, tally);
            Chunker chunker = new Chunker(settings.batchSize(), settings.maxRequestBytes(), shape, dispatcher::submit);
            Element e;
            while ((e = elements.next()) != null) {
                chunker.add(e);
            }
            chunker.flush();
            dispatcher.awaitAll();
        } catch (WriteAbortedException e) {
            throw e.withTally(tally);
        }
    }

    /**
     * Replaces the audience's members with these adds. The first request is a PUT, which empties
     * the audience; the rest go as adds only once the PUT is APPLIED, since an unapplied PUT would
     * wipe them.
     *
     * @return false, with nothing sent, when there is no element at all
     */
    public boolean replaceWith(ElementStream adds, WriteTarget target, ChunkSender put, ChunkSender patch,
                               IndexingAwaiter awaiter, WriteTally tally)
            throws IOException, InterruptedException, WriteAbortedException, TimeoutException {
        try {
            RequestShape addShape = target.updateShape();
            Deque<List<Element>> first = new ArrayDeque<>();
            Chunker firstChunker = new Chunker(settings.batchSize(), settings.maxRequestBytes(), addShape, first::add);
            Element e;
            while (first.isEmpty() && (e = adds.next()) != null) {
                firstChunker.add(e);
            }
            firstChunker.flush();
            if (first.isEmpty()) {
                return false;
            }
            Deque<List<Element>> deferred = new ArrayDeque<>();
            String putToken = putFirst(first.poll(), deferred, target.replaceShape(), put, tally);
            if (putToken != null) {
                IndexingAwaiter.Settled settled;
                try {
                    settled = awaiter.awaitSettled(putToken);
                } catch (ApiException pollFailure) {
                    throw new WriteAbortedException(pollFailure);
                }
                if (settled == IndexingAwaiter.Settled.REPLACED) {
                    // The adds would land on someone else's replace, not ours: stop before them.
                    throw new IllegalStateException("the audience was replaced by another write while this replace's"
                                                    + " first request was being applied; the rest was not sent");
                }
            }
            Dispatcher dispatcher = dispatcher(patch, addShape, tally);
            while (!deferred.isEmpty()) {
                dispatcher.submit(deferred.poll());
            }
            Chunker chunker = new Chunker(settings.batchSize(), settings.maxRequestBytes(), addShape, dispatcher::submit);
            while ((e = adds.next()) != null) {
                chunker.add(e);
            }
            chunker.flush();
            dispatcher.awaitAll();
            return true;
        } catch (WriteAbortedException e) {
            throw e.withTally(tally);
        }
    }

    /**
     * Sends the PUT, halving it while the API refuses it as a whole: the first part accepted is
     * the PUT, the parts after it go with the adds. If every element is refused, the PUT still
     * goes, empty, so that the audience holds only what follows.
     */
    private String putFirst(List<Element> first, Deque<List<Element>> deferred, RequestShape shape, ChunkSender put,
                            WriteTally tally)
            throws InterruptedException, WriteAbortedException {
        RefusalBisection bisection = new RefusalBisection(first, shape, tally);
        ChunkSender sender = unlessDryRun(put);
        try {
            if (!bisection.sendNext(sender)) {
                String token = sender.send(shape.body(List.of()));
                tally.accepted(List.of(), token);
                return token;
            }
        } catch (ApiException e) {
            throw new WriteAbortedException(e);
        }
        deferred.addAll(bisection.remaining());
        return bisection.lastToken();
    }

    /** In a dry run nothing is sent: every request counts as accepted, with no token. */
    private ChunkSender unlessDryRun(ChunkSender sender) {
        return settings.dryRun() ? body -> null : sender;
    }

    private Dispatcher dispatcher(ChunkSender sender, RequestShape shape, WriteTally tally) {
        return new Dispatcher(executor, settings.parallelRequests(), unlessDryRun(sender), shape, tally);
    }
}
