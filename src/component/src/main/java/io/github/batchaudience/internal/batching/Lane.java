package io.github.batchaudience.internal.batching;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * One destination of a write (an app, or the project): how to send to it, what it accepted, and
 * why it stopped, if it did. A write to several apps reads its input once and sends every request
 * down every lane; a lane that fails stops alone, and the others go on.
 */
public final class Lane {
    final ChunkSender patch;
    final ChunkSender put;
    final IndexingAwaiter awaiter;
    final WriteTally tally;
    final Deque<List<Element>> deferred = new ArrayDeque<>();
    Dispatcher dispatcher;
    String putToken;
    private Exception failure;

    /** @param put and {@code awaiter} are needed by replace only */
    public Lane(ChunkSender patch, ChunkSender put, IndexingAwaiter awaiter, WriteTally tally) {
        this.patch = patch;
        this.put = put;
        this.awaiter = awaiter;
        this.tally = tally;
    }

    public WriteTally tally() {
        return tally;
    }

    /** Why the lane stopped (an API failure, a wait for indexing that ran out…), or null. */
    public Exception failure() {
        return failure;
    }

    boolean live() {
        return failure == null;
    }

    void fail(Exception e) {
        if (failure == null) {
            failure = e instanceof WriteAbortedException aborted ? aborted.withTally(tally) : e;
        }
    }

    /** For a write with one lane: its failure, thrown as the write's. */
    void rethrow() throws WriteAbortedException, TimeoutException {
        if (failure instanceof WriteAbortedException aborted) {
            throw aborted;
        }
        if (failure instanceof TimeoutException timeout) {
            throw timeout;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
