package io.github.batchaudience.internal.batching;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.batchaudience.internal.input.InputRow;
import io.github.batchaudience.internal.input.OperationSource;

/**
 * Reads rows on two threads, in order: the caller reads, parses, checks and serialises them (the
 * source stays on the thread that opened it, as a user's iterator or stream may require), and a
 * thread of the executor stores the elements in the sink. Reading a file is the one part of a
 * write with nothing to send yet, so on a machine of two cores it would otherwise leave one idle.
 * What crosses between the threads is blocks of bytes ({@link ElementBlock}): when each row's
 * objects crossed instead, reaching them from the other core cost more than the work moved there,
 * and one thread alone read faster (docs/performance.md). A few blocks at most are in flight,
 * and drained ones are used again, so memory stays bounded.
 */
final class RowPipeline {
    private static final int BLOCKS_IN_FLIGHT = 4;
    private static final ElementBlock END = new ElementBlock(0);

    /** What the reading thread does with each row read: check it, and serialise it into the block if it passes. */
    @FunctionalInterface
    interface RowHandler {
        void handle(InputRow row, ElementBlock block) throws IOException, InvalidRowException;
    }

    private final ExecutorService executor;

    RowPipeline(ExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Reads the source to its end and waits until every row read is handled. A failure is thrown
     * as it would be on one thread: the handling side's if it came on a row before the reading
     * side's.
     */
    void run(OperationSource source, RowHandler handler, RowSink sink)
            throws IOException, InvalidRowException, InterruptedException {
        BlockingQueue<ElementBlock> queue = new ArrayBlockingQueue<>(BLOCKS_IN_FLIGHT);
        BlockingQueue<ElementBlock> drained = new ArrayBlockingQueue<>(BLOCKS_IN_FLIGHT + 1);
        AtomicBoolean claimed = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Future<Void> handling = executor.submit(() -> {
            if (!claimed.compareAndSet(false, true)) {
                return null; // the reading side gave up before this started
            }
            try {
                ElementBlock block;
                while ((block = queue.take()) != END) {
                    block.drainTo(sink);
                    block.clear();
                    drained.offer(block);
                }
                return null;
            } finally {
                finished.countDown();
            }
        });
        try {
            Exception readFailure = null;
            ElementBlock block = new ElementBlock();
            try {
                InputRow row;
                while ((row = source.next()) != null) {
                    handler.handle(row, block);
                    if (block.isFull()) {
                        if (!hand(queue, block, handling)) {
                            break;
                        }
                        ElementBlock reused = drained.poll();
                        block = reused != null ? reused : new ElementBlock();
                    }
                }
            } catch (IOException | InvalidRowException | RuntimeException e) {
                readFailure = e;
            }
            if (!block.isEmpty()) {
                hand(queue, block, handling);
            }
            hand(queue, END, handling);
            try {
                handling.get();
            } catch (ExecutionException e) {
                throw rethrown(e.getCause());
            }
            if (readFailure != null) {
                throw rethrown(readFailure);
            }
        } finally {
            // When the reading side stops early (interrupted, or an Error), the handling side stops
            // too, and is waited for: the caller closes the sink next.
            if (!claimed.compareAndSet(false, true)) {
                handling.cancel(true);
                awaitUninterruptibly(finished);
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands a block over, unless the handling side has stopped (it failed): false then. */
    private static boolean hand(BlockingQueue<ElementBlock> queue, ElementBlock block, Future<Void> handling)
            throws InterruptedException {
        while (!queue.offer(block, 50, TimeUnit.MILLISECONDS)) {
            if (handling.isDone()) {
                return false;
            }
        }
        return true;
    }

    /** Throws the failure with its own type; the return type only lets callers write {@code throw}. */
    private static IllegalStateException rethrown(Throwable failure) throws IOException, InvalidRowException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof InvalidRowException invalid) {
            throw invalid;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failure);
    }
}
