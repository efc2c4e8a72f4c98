package io.github.batchaudience.internal.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.github.batchaudience.SyncMode;
import io.github.batchaudience.internal.batching.WriteTally;

/** What a sync found and did. */
public final class SyncOutcome {
    private final WriteTally tally;
    private final int sampleSize;
    private final Map<String, List<String>> samples = new LinkedHashMap<>();
    long added;
    long changed;
    long unchanged;
    long removed;
    SyncMode mode = SyncMode.diff;
    String reason;
    boolean snapshotSaved;

    SyncOutcome(WriteTally tally, int sampleSize) {
        this.tally = tally;
        this.sampleSize = sampleSize;
    }

    /** Forgets the counts of a pass whose snapshot turned out unusable. */
    void resetCounts() {
        added = 0;
        changed = 0;
        unchanged = 0;
        removed = 0;
        samples.clear();
    }

    /** @param id the ID, asked for only when it goes in the samples */
    void count(DiffCursor.Kind kind, Supplier<String> id) {
        switch (kind) {
            case NEW:
                added++;
                break;
            case CHANGED:
                changed++;
                break;
            case UNCHANGED:
                unchanged++;
                return;
            default:
                removed++;
        }
        List<String> sample = samples.computeIfAbsent(kind.name().toLowerCase(Locale.ROOT),
                                                      k -> new ArrayList<>());
        if (sample.size() < sampleSize) {
            sample.add(id.get());
        }
    }

    public WriteTally tally() {
        return tally;
    }

    /** IDs new to the audience (sent as add). */
    public long added() {
        return added;
    }

    /** IDs whose attributes or tags changed (sent as add). */
    public long changed() {
        return changed;
    }

    public long unchanged() {
        return unchanged;
    }

    /** IDs that left the audience (sent as remove); in replace mode, how many fewer IDs it holds. */
    public long removed() {
        return removed;
    }

    /** "diff", or "replace" when there was no usable snapshot or the audience drifted from it. */
    public SyncMode mode() {
        return mode;
    }

    /** Why sync replaced instead of sending the difference, or null. */
    public String reason() {
        return reason;
    }

    /** The first IDs of each kind (new, changed, departed). */
    public Map<String, List<String>> samples() {
        return samples;
    }

    public boolean snapshotSaved() {
        return snapshotSaved;
    }
}
