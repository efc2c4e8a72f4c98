package io.github.batchaudience.integration.inbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.integration.alerts.Alerts;
import io.github.batchaudience.integration.state.StateBackend;
import io.github.batchaudience.integration.state.StateRecords;
import io.github.batchaudience.integration.state.StateSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.github.batchaudience.BatchAudienceRules.printable;

/**
 * The indexing tokens of each file whose writes are not all applied yet, a record per inbox
 * file ({@link StateRecords} of kind {@code tokens}: a checksummed JSON file in the state folder,
 * or a row of the shared database), so that status polling resumes after a restart, or on
 * another instance. An entry is written before the inbox file is moved to done, and removed
 * once every token is applied. Files are not forced to disk: the file's settled record
 * ({@link SettledFiles}) holds the tokens too, and gives them back if a crash of the operating
 * system lost them ({@link ReportRecovery}). A damaged file is set aside, with a WARN and an alert naming it,
 * and the others go on.
 */
public final class TokenStore {
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

    private StateRecords records;
    private Alerts alerts;

    /** Where the records are ({@link StateSetup}'s bean). */
    public void setState(StateBackend state) {
        this.records = state.records("tokens");
    }

    /** Where a damaged tokens file is reported. */
    public void setAlerts(Alerts alerts) {
        this.alerts = alerts;
    }

    /** What is still awaited for one file. */
    public static final class Entry {
        public String file;
        public String audience;
        public String idType;
        public List<String> pending = new ArrayList<>();
        public String lastState;
        /** Epoch milliseconds. */
        public long registeredAt;
        public boolean alerted;
    }

    /** Registers the tokens of a file; returns what was registered. */
    public Entry register(String file, String audience, String idType, List<String> tokens) throws IOException {
        Entry entry = new Entry();
        entry.file = file;
        entry.audience = audience;
        entry.idType = idType;
        entry.pending = new ArrayList<>(tokens);
        entry.registeredAt = System.currentTimeMillis();
        save(entry);
        return entry;
    }

    /** Every file with tokens still pending, oldest first. */
    public List<Entry> pending() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String file : records.names()) {
            Entry entry = get(file);
            if (entry != null) {
                entries.add(entry);
            }
        }
        entries.sort((a, b) -> Long.compare(a.registeredAt, b.registeredAt));
        return entries;
    }

    /**
     * The tokens not yet seen applied of every file of this audience (by the audience its name
     * starts with), so that its next write waits for them, after a restart or on another instance.
     */
    public List<String> pendingOf(String audience) throws IOException {
        List<String> tokens = new ArrayList<>();
        for (String file : records.names()) {
            if (InboxFileName.audienceOf(file).equals(audience)) {
                Entry entry = get(file);
                if (entry != null) {
                    tokens.addAll(entry.pending);
                }
            }
        }
        return tokens;
    }

    /** The entry, or null when there is none or it is damaged: then it is set aside and reported. */
    public Entry get(String file) throws IOException {
        try {
            return records.get(file, Entry.class);
        } catch (StateRecords.DamagedException e) {
            String message = "the indexing tokens of " + file + " cannot be trusted: " + e.getMessage()
                             + ", its report stays PENDING_INDEXING (check the audience) unless the next start takes its"
                             + " tokens back from its settled record (files settled in the hour before)";
            LOG.warn("{}", printable(message));
            if (alerts != null) {
                alerts.raise(Alerts.STATE_DAMAGED, file, message);
            }
            return null;
        }
    }

    public void save(Entry entry) throws IOException {
        records.putRebuildable(entry.file, entry);
    }

    public void remove(String file) throws IOException {
        records.remove(file);
    }
}
