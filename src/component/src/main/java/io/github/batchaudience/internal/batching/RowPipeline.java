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
 * Reads rows on two threads, in order: the caller reads and parses them (the source stays on the
 * thread that opened it, as a user's iterator or stream may require), and a thread of the
 * executor validates, serialises and stores them. Reading a file is the one part of a write
 * with nothing to send yet, so on a machine of two cores it would otherwise leave one idle.
 * Rows go over in batches, a few at most in flight, so memory stays bounded.
 */
final class RowPipeline {
    private static final int BATCH_ROWS = 512;
    private static final int BATCHES_IN_FLIGHT = 4;
    private static final InputRow[] END = new InputRow[0];

    /** What the second thread does with each row, in the order they were read. */
    @FunctionalInterface
    interface RowHandler {
        void handle(InputRow row) throws IOException, InvalidRowException;
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
    void run(OperationSource source, RowHandler handler)
            throws IOException, InvalidRowException, InterruptedException {
        BlockingQueue<InputRow[]> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
        AtomicBoolean claimed = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Future<Void> handling = executor.submit(() -> {
            if (!claimed.compareAndSet(false, true)) {
                return null; // the reading side gave up before this started
            }
            try {
                InputRow[] batch;
                while ((batch = queue.take()) != END) {
                    for (InputRow row : batch) {
                        if (row == null) {
                            break;
                        }
                        handler.handle(row);
                    }
                }
                return null;
            } finally {
                finished.countDown();
            }
        });
        try {
            Exception readFailure = null;
            InputRow[] batch = new InputRow[BATCH_ROWS];
            int size = 0;
            try {
                InputRow row;
                while ((row = source.next()) != null) {
                    batch[size++] = row;
                    if (size == BATCH_ROWS) {
                        if (!hand(queue, batch, handling)) {
                            break;
                        }
                        batch = new InputRow[BATCH_ROWS];
                        size = 0;
                    }
                }
            } catch (IOException | RuntimeException e) {
                readFailure = e;
            }
            if (size > 0) {
                hand(queue, batch, handling);
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

    /** Hands a batch over, unless the handling side has stopped (it failed): false then. */
    private static boolean hand(BlockingQueue<InputRow[]> queue, InputRow[] batch, Future<Void> handling)
            throws InterruptedException {
        while (!queue.offer(batch, 50, TimeUnit.MILLISECONDS)) {
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
