package io.github.batchaudience.internal.sync;

import java.nio.file.Path;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.internal.batching.OperationSpool;

/**
 * What a sync may do and where it sorts: the removal guard, the snapshot age past which it
 * replaces, dry run, how many IDs of each kind the result shows, and the memory and folder of
 * the sort.
 */
public record SyncSettings(double maxRemovalPercent, long maxSnapshotAge, boolean dryRun, int sampleSize,
                           long sortMemoryBudget, Path scratchDirectory) {
    private static final int SAMPLE_IDS = 10;

    /**
     * An endpoint's settings. Scratch files go to the system's temporary folder, not beside the
     * snapshots: a run killed mid-sort must not leave them to pile up in the state folder.
     */
    public static SyncSettings of(BatchAudienceConfiguration c) {
        return new SyncSettings(c.getMaxRemovalPercent(), c.getMaxSnapshotAge(), c.isDryRun(), SAMPLE_IDS,
                                OperationSpool.defaultMemoryBudget(), Path.of(System.getProperty("java.io.tmpdir")));
    }
}
