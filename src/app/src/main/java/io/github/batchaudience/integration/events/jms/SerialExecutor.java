package io.github.batchaudience.integration.events.jms;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One thread, and a short queue whose submitters wait when it is full: the JMS source's batches
 * are sent one after the other, and while the API is down the consumer stops taking messages
 * (they wait in the broker) instead of piling completed batches up in memory. Camel's own pools
 * can only refuse or run the task in the caller's thread, which would send batches out of order.
 */
public class SerialExecutor extends ThreadPoolExecutor {
    public SerialExecutor(int queued) {
        super(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queued), r -> {
            Thread t = new Thread(r, "batch-audience-jms-batches");
            // A stop must not wait for a batch still being sent: its events stay in the journal.
            t.setDaemon(true);
            return t;
        }, SerialExecutor::waitForRoom);
    }

    private static void waitForRoom(Runnable task, ThreadPoolExecutor executor) {
        try {
            while (!executor.isShutdown()) {
                if (executor.getQueue().offer(task, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new RejectedExecutionException("the JMS batches are not sent any more (stopping)");
    }
}
