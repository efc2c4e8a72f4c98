package io.github.batchaudience.internal.batching;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.model.RejectedRow;

/**
 * Sends requests with at most {@code parallel} in flight. The caller blocks when they are all
 * busy, so memory stays bounded whatever the input's size. A request the API refuses as a whole
 * although every element passed local checks (HTTP 400) is split in halves until the refused
 * elements are isolated: those are reported, the others applied. Any other lasting failure
 * stops the exchange: nothing more is sent, and {@link #awaitAll()} throws it.
 */
final class Dispatcher {
    private final ExecutorService executor;
    private final int parallel;
    private final Semaphore slots;
    private final ChunkSender sender;
    private final RequestShape shape;
    private final WriteTally tally;
    private final AtomicReference<ApiException> failure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> crash = new AtomicReference<>();

    Dispatcher(ExecutorService executor, int parallel, ChunkSender sender, RequestShape shape, WriteTally tally) {
        this.executor = executor;
        this.parallel = Math.max(1, parallel);
        this.slots = new Semaphore(this.parallel);
        this.sender = sender;
        this.shape = shape;
        this.tally = tally;
    }

    void submit(List<Element> chunk) throws InterruptedException, WriteAbortedException {
        slots.acquire();
        try {
            throwIfFailed();
        } catch (WriteAbortedException | RuntimeException e) {
            slots.release();
            throw e;
        }
        executor.execute(() -> {
            try {
                sendIsolatingRefusals(chunk);
            } catch (ApiException e) {
                failure.compareAndSet(null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                crash.compareAndSet(null, new IllegalStateException("sending was interrupted", e));
            } catch (RuntimeException e) {
                crash.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    void awaitAll() throws InterruptedException, WriteAbortedException {
        slots.acquire(parallel);
        slots.release(parallel);
        throwIfFailed();
    }

    private void throwIfFailed() throws WriteAbortedException {
        if (crash.get() != null) {
            throw crash.get();
        }
        if (failure.get() != null) {
            throw new WriteAbortedException(failure.get());
        }
    }

    private void sendIsolatingRefusals(List<Element> chunk) throws ApiException, InterruptedException {
        if (chunk.isEmpty()) {
            return;
        }
        try {
            String token = sender.send(shape.body(chunk));
            tally.accepted(chunk, token);
        } catch (ApiException e) {
            if (!e.isContentRefused()) {
                throw e;
            }
            if (chunk.size() == 1) {
                Element only = chunk.get(0);
                tally.rejected(new RejectedRow(only.line, only.id, "refused by the API: " + e.getMessage()));
                return;
            }
            int half = chunk.size() / 2;
            sendIsolatingRefusals(chunk.subList(0, half));
            sendIsolatingRefusals(chunk.subList(half, chunk.size()));
        }
    }
}
