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
import io.github.batchaudience.model.RejectedRow;

/**
 * One exchange's writes, in two passes. First every row is read, validated and handed to a
 * sink (invalid rows are reported, never sent), read on one thread and stored on another; then
 * the elements, each ID once, are cut into requests and sent in parallel. Reading everything
 * first is what lets an ID appear in one request only, whatever its position in the input.
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

    /** A tally for one lane of a write to several apps. */
    public WriteTally laneTally() {
        return new WriteTally(settings.maxRejectedKept());
    }

    /** PATCH every element, adds and removes, duplicates resolved by the version's rule. */
    public WriteTally update(OperationSource source, WriteTarget target, ChunkSender patch)
            throws IOException, InterruptedException, InvalidRowException, WriteAbortedException, TimeoutException {
        WriteTally tally = newTally();
        Lane lane = new Lane(patch, null, null, tally);
        update(source, target, List.of(lane), tally);
        lane.rethrow();
        return tally;
    }

    /**
     * Reads the input once, then sends every request down every lane; each lane ends with what it
     * accepted or why it stopped. {@code input} counts the rows (for one lane, it is the lane's tally).
     */
    public void update(OperationSource source, WriteTarget target, List<Lane> lanes, WriteTally input)
            throws IOException, InterruptedException, InvalidRowException {
        try (OperationSpool spool = newSpool()) {
            ingest(source, target, spool, input);
            sendAll(new ResolvedElements(spool, target.duplicateRule(), input), target.updateShape(), lanes);
        }
    }

    /**
     * Make the audience exactly the input's IDs (1.1 and 2.x). An ID whose last action in the input
     * is remove is left out.
     */
    public WriteTally replace(OperationSource source, WriteTarget target, ChunkSender put, ChunkSender patch,
                              IndexingAwaiter awaiter)
            throws IOException, InterruptedException, InvalidRowException, WriteAbortedException, TimeoutException {
        WriteTally tally = newTally();
        Lane lane = new Lane(patch, put, awaiter, tally);
        replace(source, target, List.of(lane), tally);
        lane.rethrow();
        return tally;
    }

    /** As {@link #update(OperationSource, WriteTarget, List, WriteTally)}, for a replace. */
    public void replace(OperationSource source, WriteTarget target, List<Lane> lanes, WriteTally input)
            throws IOException, InterruptedException, InvalidRowException {
        try (OperationSpool spool = newSpool()) {
            ingest(source, target, spool, input);
            ResolvedElements resolved = new ResolvedElements(spool, DuplicateRule.LAST_WINS, input);
            if (!replaceWith(() -> nextAdd(resolved), target, lanes)) {
                throw new IllegalArgumentException(source.sourceName() + ": replace with no valid ID would empty the"
                                                   + " audience; nothing was sent (use delete, or sync with"
                                                   + " maxRemovalPercent=100)");
            }
        }
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
     * is read, and its rows checked and serialised, on this thread; the sink is fed on one of the
     * executor's, in the order of the rows.
     */
    public void ingest(OperationSource source, WriteTarget target, RowSink sink, WriteTally tally)
            throws IOException, InvalidRowException, InterruptedException {
        OperationValidator validator = target.validator();
        ElementWriter writer = new ElementWriter();
        new RowPipeline(executor).run(source, (row, block) -> {
            tally.rowRead();
            String reason = row.reason();
            IdOperation op = null;
            if (reason == null) {
                op = validator.normalize(row.operation());
                reason = validator.check(op);
            }
            if (reason == null) {
                writer.write(op, row.line(), block);
                return;
            }
            RejectedRow rejected = new RejectedRow(row.line(), op != null ? op.getId() : row.id(), reason);
            tally.rejected(rejected);
            if (settings.failOnInvalidRow()) {
                throw new InvalidRowException(source.sourceName(), rejected);
            }
        }, sink);
    }

    /** Sends every element (PATCH), at most parallelRequests at a time, and waits for all. */
    public void sendAll(ElementStream elements, RequestShape shape, ChunkSender sender, WriteTally tally)
            throws IOException, InterruptedException, WriteAbortedException {
        Lane lane = new Lane(sender, null, null, tally);
        sendAll(elements, shape, List.of(lane));
        try {
            lane.rethrow();
        } catch (TimeoutException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /** Sends every element down every live lane, at most parallelRequests at a time on each, and waits for all. */
    private void sendAll(ElementStream elements, RequestShape shape, List<Lane> lanes)
            throws IOException, InterruptedException {
        for (Lane lane : lanes) {
            lane.dispatcher = dispatcher(lane.patch, shape, lane.tally);
        }
        sendRest(elements, shape, lanes);
    }

    /** Chunks what is left of the elements, sends each chunk down every live lane, and waits for all. */
    private void sendRest(ElementStream elements, RequestShape shape, List<Lane> lanes)
            throws IOException, InterruptedException {
        try {
            Chunker chunker = new Chunker(settings.batchSize(), settings.maxRequestBytes(), shape,
                                          chunk -> submitToLive(lanes, chunk));
            Element e;
            while (anyLive(lanes) && (e = elements.next()) != null) {
                chunker.add(e);
            }
            chunker.flush();
        } catch (WriteAbortedException cannotHappen) {
            // submitToLive records each lane's failure in the lane.
            throw new IllegalStateException(cannotHappen);
        }
        for (Lane lane : lanes) {
            if (lane.live()) {
                try {
                    lane.dispatcher.awaitAll();
                } catch (WriteAbortedException | RuntimeException failure) {
                    lane.fail(failure);
                }
            }
        }
    }

    /** Asked at every element: a loop, where a stream cost a few percent of a large write. */
    private static boolean anyLive(List<Lane> lanes) {
        for (Lane lane : lanes) {
            if (lane.live()) {
                return true;
            }
        }
        return false;
    }

    private static void submitToLive(List<Lane> lanes, List<Element> chunk) throws InterruptedException {
        for (Lane lane : lanes) {
            if (lane.live()) {
                try {
                    lane.dispatcher.submit(chunk);
                } catch (WriteAbortedException | RuntimeException failure) {
                    lane.fail(failure);
                }
            }
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
        Lane lane = new Lane(patch, put, awaiter, tally);
        boolean sent = replaceWith(adds, target, List.of(lane));
        lane.rethrow();
        return sent;
    }

    /** As the one-lane replaceWith, down every lane: each lane's PUT applied before its adds. */
    private boolean replaceWith(ElementStream adds, WriteTarget target, List<Lane> lanes)
            throws IOException, InterruptedException {
        RequestShape addShape = target.updateShape();
        Deque<List<Element>> first = new ArrayDeque<>();
        try {
            Chunker firstChunker = new Chunker(settings.batchSize(), settings.maxRequestBytes(), addShape, first::add);
            Element e;
            while (first.isEmpty() && (e = adds.next()) != null) {
                firstChunker.add(e);
            }
            firstChunker.flush();
        } catch (WriteAbortedException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
        if (first.isEmpty()) {
            return false;
        }
        List<Element> firstChunk = first.poll();
        for (Lane lane : lanes) {
            try {
                lane.putToken = putFirst(firstChunk, lane.deferred, target.replaceShape(), lane.put, lane.tally);
            } catch (WriteAbortedException failure) {
                lane.fail(failure);
            }
        }
        for (Lane lane : lanes) {
            if (lane.live() && lane.putToken != null) {
                awaitPut(lane);
            }
        }
        for (Lane lane : lanes) {
            lane.dispatcher = dispatcher(lane.patch, addShape, lane.tally);
            while (lane.live() && !lane.deferred.isEmpty()) {
                try {
                    lane.dispatcher.submit(lane.deferred.poll());
                } catch (WriteAbortedException | RuntimeException failure) {
                    lane.fail(failure);
                }
            }
        }
        sendRest(adds, addShape, lanes);
        return true;
    }

    private static void awaitPut(Lane lane) throws InterruptedException {
        try {
            if (lane.awaiter.awaitSettled(lane.putToken) == IndexingAwaiter.Settled.REPLACED) {
                // The adds would land on someone else's replace, not ours: stop before them.
                lane.fail(new IllegalStateException("the audience was replaced by another write while this"
                                                    + " replace's first request was being applied; the rest was"
                                                    + " not sent"));
            }
        } catch (ApiException pollFailure) {
            lane.fail(new WriteAbortedException(pollFailure));
        } catch (TimeoutException timeout) {
            lane.fail(timeout);
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
