package io.github.batchaudience.integration.inbox;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 *
 * <p>It is the one record of a settled file forced to disk: it carries the file's report and
 * the indexing tokens it left pending, so that the report and the tokens' record, written
 * without forcing, are rebuilt from it after an operating system crash ({@link ReportRecovery}).
 */
public final class SettledFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SettledFiles.class);
    /** Records of files no longer seen are forgotten after this long. */
    private static final Duration KEPT = Duration.ofDays(7);
    /** The records are pruned at most this often (the first time with the first file settled): never once a file. */
    static final Duration PRUNED_EVERY = Duration.ofHours(1);

    private StateRecords records;
    private Clock clock = Clock.systemUTC();
    private long nextPruneAt = Long.MIN_VALUE;

    /** One settled file: its identity and its outcome (done or failed). */
    public static final class Entry {
        public String file;
        public long size;
        public long modified;
        public String outcome;
        /** Epoch milliseconds. */
        public long settledAt;
        /** The report as first written. */
        public ObjectNode report;
        /** The indexing tokens the file left pending, with their audience and ID type; empty when none. */
        public String audience;
        public String idType;
        public List<String> tokens = new ArrayList<>();
    }

    /** Where the records are ({@link StateSetup}'s bean). */
    public void setState(StateBackend state) {
        this.records = state.records("settled");
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records, durably, that the file is settled, with its report and the tokens it left
     * pending (null when none).
     */
    public void record(String file, long size, long modified, String outcome, ObjectNode report,
                       TokenStore.Entry pending) throws IOException {
        long now = clock.millis();
        Entry entry = new Entry();
        entry.file = file;
        entry.size = size;
        entry.modified = modified;
        entry.outcome = outcome;
        entry.settledAt = now;
        entry.report = report;
        if (pending != null) {
            entry.audience = pending.audience;
            entry.idType = pending.idType;
            entry.tokens = pending.pending;
        }
        records.put(file, entry);
        if (now >= nextPruneAt) {
            records.removeWrittenBefore(now - KEPT.toMillis());
            nextPruneAt = now + PRUNED_EVERY.toMillis();
        }
    }

    /** The records written at or after this time (epoch milliseconds); a damaged one is left out, with a WARN. */
    List<Entry> writtenSince(long epochMillis) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String file : records.namesWrittenSince(epochMillis)) {
            try {
                Entry entry = records.get(file, Entry.class);
                if (entry != null) {
                    entries.add(entry);
                }
            } catch (StateRecords.DamagedException e) {
                LOG.warn("{}; its report is not checked", e.getMessage());
            }
        }
        return entries;
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
