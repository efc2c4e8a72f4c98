package io.github.batchaudience.internal.batching;

import java.nio.file.Path;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.InvalidRowsPolicy;

/**
 * How one exchange's IDs are cut into requests and sent, and where its validated rows wait: in
 * memory up to {@code spoolMemoryBudget} bytes, then in {@code spoolDirectory}.
 */
public record WriteSettings(int batchSize, int maxRequestBytes, int parallelRequests, boolean dryRun,
                            boolean failOnInvalidRow, int maxRejectedKept, long spoolMemoryBudget, Path spoolDirectory) {

    public WriteSettings {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 10000, not " + batchSize);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1024, not " + maxRequestBytes);
        }
        if (parallelRequests < 1) {
            throw new IllegalArgumentException("parallelRequests must be at least 1, not " + parallelRequests);
        }
        maxRejectedKept = Math.max(0, maxRejectedKept);
    }

    /**
     * An endpoint's settings. The spool overflows to the system's temporary folder: a run killed
     * mid-write must not leave files to pile up in the state folder.
     */
    public static WriteSettings of(BatchAudienceConfiguration c) {
        return new WriteSettings(c.getBatchSize(), c.getMaxRequestBytes(), c.getParallelRequests(), c.isDryRun(),
                                 c.getInvalidRows() == InvalidRowsPolicy.fail, c.getMaxRejectedRowsKept(),
                                 OperationSpool.defaultMemoryBudget(), temporaryFolder());
    }

    static Path temporaryFolder() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
