package io.github.batchaudience.internal.batching;

import java.nio.file.Path;

/** How one exchange's IDs are cut into requests and sent. */
public final class WriteSettings {
    final int batchSize;
    final int maxRequestBytes;
    final int parallelRequests;
    final boolean dryRun;
    final boolean failOnInvalidRow;
    final int maxRejectedKept;
    final long spoolMemoryBudget;
    final Path spoolDirectory;

    public WriteSettings(int batchSize, int maxRequestBytes, int parallelRequests, boolean dryRun, boolean failOnInvalidRow,
                         int maxRejectedKept, long spoolMemoryBudget, Path spoolDirectory) {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 10000, not " + batchSize);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1024, not " + maxRequestBytes);
        }
        if (parallelRequests < 1) {
            throw new IllegalArgumentException("parallelRequests must be at least 1, not " + parallelRequests);
        }
        this.batchSize = batchSize;
        this.maxRequestBytes = maxRequestBytes;
        this.parallelRequests = parallelRequests;
        this.dryRun = dryRun;
        this.failOnInvalidRow = failOnInvalidRow;
        this.maxRejectedKept = Math.max(0, maxRejectedKept);
        this.spoolMemoryBudget = spoolMemoryBudget;
        this.spoolDirectory = spoolDirectory;
    }

    public int parallelRequests() {
        return parallelRequests;
    }
}
