package io.github.batchaudience.integration.inbox;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

import io.github.batchaudience.integration.state.StateBackend;
import io.github.batchaudience.integration.state.StateRecords;
import io.github.batchaudience.integration.state.StateSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each inbox file once it was settled (applied, or failed for good), recorded
 * ({@link StateRecords} of kind {@code settled}: in the state folder, or the shared database)
 * before the consumer moves the file. If the move then fails (a done folder that cannot be
 * written), the file is still in the inbox at the next poll, maybe on another instance: this
 * record, checked like every state file, says it must not be sent again, only moved. A file is
 * the same when its name, size and modification time are.
 */
public final class SettledFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SettledFiles.class);
    /** Records of files no longer seen are forgotten after this long. */
    private static final Duration KEPT = Duration.ofDays(7);
    /**
     * How often the forgotten records are pruned: a prune lists every record, so doing it for each
     * settled file would make a file cost more the longer the history.
     */
    static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final LongSupplier clock;
    private StateRecords records;
    private long nextPrune = Long.MIN_VALUE;

    public SettledFiles() {
        this(System::currentTimeMillis);
    }

    SettledFiles(LongSupplier clock) {
        this.clock = clock;
    }

    /** One settled file: its identity and its outcome (done or failed). */
    public static final class Entry {
        public String file;
        public long size;
        public long modified;
        public String outcome;
        /** Epoch milliseconds. */
        public long settledAt;
    }

    /** Where the records are ({@link StateSetup}'s bean). */
    public void setState(StateBackend state) {
        setRecords(state.records("settled"));
    }

    void setRecords(StateRecords records) {
        this.records = records;
    }

    public void record(String file, long size, long modified, String outcome) throws IOException {
        Entry entry = new Entry();
        entry.file = file;
        entry.size = size;
        entry.modified = modified;
        entry.outcome = outcome;
        long now = clock.getAsLong();
        entry.settledAt = now;
        records.put(file, entry);
        if (now >= nextPrune) {
            records.removeWrittenBefore(now - KEPT.toMillis());
            nextPrune = now + PRUNE_EVERY.toMillis();
        }
    }

    /** The outcome of this very file (same size and time) if it was settled already, else null. */
    public String outcomeOf(String file, long size, long modified) throws IOException {
        try {
            Entry entry = records.get(file, Entry.class);
            return entry != null && entry.size == size && entry.modified == modified ? entry.outcome : null;
        } catch (StateRecords.DamagedException e) {
            // Unverified state never spares a file: it is sent again (writes are idempotent).
            LOG.warn("{}; the file is handled as new", e.getMessage());
            return null;
        }
    }
}
