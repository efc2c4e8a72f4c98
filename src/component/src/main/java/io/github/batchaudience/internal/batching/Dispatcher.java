package io.github.batchaudience.internal.batching;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import io.github.batchaudience.internal.client.ApiException;

/**
 * Sends requests with at most {@code parallel} in flight. The caller blocks when they are all
 * busy, so memory stays bounded whatever the input's size. Each request goes through
 * {@link RefusalBisection}, so that the elements the API refuses are reported and the others
 * applied. Any other lasting failure stops the exchange: nothing more is sent, and
 * {@link #awaitAll()} throws it.
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
            execute(chunk);
        } catch (WriteAbortedException | RuntimeException e) {
            // Also when the pool refuses the task (the producer is stopping): awaitAll must not wait for it.
            slots.release();
            throw e;
        }
    }

    private void execute(List<Element> chunk) {
        executor.execute(() -> {
            try {
                new RefusalBisection(chunk, shape, tally).sendAll(sender);
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
}
