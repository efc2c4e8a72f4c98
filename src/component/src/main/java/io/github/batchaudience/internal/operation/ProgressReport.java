package io.github.batchaudience.internal.operation;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.batchaudience.BatchAudienceProducer;
import io.github.batchaudience.internal.batching.BatchWrite;
import io.github.batchaudience.internal.batching.WriteTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs at INFO, every progressInterval, how far a long write has got. */
final class ProgressReport implements AutoCloseable {
    /** The producer's category, as before this class was split from it: log settings that name it keep working. */
    private static final Logger LOG = LoggerFactory.getLogger(BatchAudienceProducer.class);

    private final ScheduledFuture<?> task;

    /** @param clock null when progress reports are off */
    ProgressReport(ScheduledExecutorService clock, long everyMs, BatchWrite write, String what, long startedNanos) {
        if (clock == null || everyMs <= 0) {
            task = null;
            return;
        }
        task = clock.scheduleAtFixedRate(() -> {
            WriteTally tally = write.currentTally();
            if (tally != null) {
                double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
                LOG.info("{}: {} rows read, {} requests accepted with {} IDs, {} rows/s", what, tally.rowsRead(),
                         tally.writeRequests(), tally.idsSent(), Math.round(tally.rowsRead() / seconds));
            }
        }, everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
