package io.github.batchaudience;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.batchaudience.model.IdType;
import io.github.batchaudience.model.RejectedRow;

/**
 * What a write (update, replace, sync) did: the message body the producer returns, also
 * serialisable to JSON with Jackson. Counts are IDs unless named otherwise; {@code requests}
 * counts every HTTP request made, retries and status polls included.
 */
@JsonPropertyOrder({ "audience", "app", "operation", "idType", "dryRun", "rowsRead", "idsSent", "added", "removed", "changed",
                     "unchanged", "syncMode", "syncReason", "samples", "duplicates", "rejected", "requests", "writeRequests", "retries", "tokens",
                     "indexingState", "durationMs", "error", "rejectedRows", "apps" })
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class BatchAudienceResult {
    private String audience;
    private String app;
    private String error;
    private List<BatchAudienceResult> apps;
    private BatchAudienceOperation operation;
    private IdType idType;
    private boolean dryRun;
    private long rowsRead;
    private long idsSent;
    private long added;
    private long removed;
    private Long changed;
    private Long unchanged;
    private long duplicates;
    private long rejected;
    private long requests;
    private long writeRequests;
    private long retries;
    private List<String> tokens = List.of();
    private String indexingState;
    private SyncMode syncMode;
    private String syncReason;
    private Map<String, List<String>> samples;
    private long durationMs;
    private List<RejectedRow> rejectedRows = List.of();

    public String getAudience() {
        return audience;
    }

    public void setAudience(String audience) {
        this.audience = audience;
    }

    /**
     * In a write to several apps, the entry of one app: the last four characters of its key (the
     * whole key is never shown). Null otherwise.
     */
    public String getApp() {
        return app;
    }

    public void setApp(String app) {
        this.app = app;
    }

    /** In a write to several apps, why this app's part failed; null when it succeeded. */
    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    /**
     * In a write to several apps (an apiKey of several keys), one entry per app, in the order of
     * the keys, with what was sent to that app; the counts of this result are then the input's
     * (rows read, duplicates, rows rejected before sending) and the sums of the apps'. Null when
     * the write went to one app or a project.
     */
    public List<BatchAudienceResult> getApps() {
        return apps;
    }

    public void setApps(List<BatchAudienceResult> apps) {
        this.apps = apps == null ? null : List.copyOf(apps);
    }

    public BatchAudienceOperation getOperation() {
        return operation;
    }

    public void setOperation(BatchAudienceOperation operation) {
        this.operation = operation;
    }

    public IdType getIdType() {
        return idType;
    }

    public void setIdType(IdType idType) {
        this.idType = idType;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** Rows (lines or elements) read from the input, valid or not. */
    public long getRowsRead() {
        return rowsRead;
    }

    public void setRowsRead(long rowsRead) {
        this.rowsRead = rowsRead;
    }

    /** IDs carried by accepted write requests (or that would be, in a dry run). */
    public long getIdsSent() {
        return idsSent;
    }

    public void setIdsSent(long idsSent) {
        this.idsSent = idsSent;
    }

    public long getAdded() {
        return added;
    }

    public void setAdded(long added) {
        this.added = added;
    }

    public long getRemoved() {
        return removed;
    }

    public void setRemoved(long removed) {
        this.removed = removed;
    }

    /** sync only: IDs sent again because their attributes or tags changed (included in added). */
    public Long getChanged() {
        return changed;
    }

    public void setChanged(Long changed) {
        this.changed = changed;
    }

    /** sync only: IDs left alone because nothing changed. */
    public Long getUnchanged() {
        return unchanged;
    }

    public void setUnchanged(Long unchanged) {
        this.unchanged = unchanged;
    }

    /** Rows dropped because a later row (or, in 1.0, a remove) of the same ID won. */
    public long getDuplicates() {
        return duplicates;
    }

    public void setDuplicates(long duplicates) {
        this.duplicates = duplicates;
    }

    public long getRejected() {
        return rejected;
    }

    public void setRejected(long rejected) {
        this.rejected = rejected;
    }

    public long getRequests() {
        return requests;
    }

    public void setRequests(long requests) {
        this.requests = requests;
    }

    /** Write requests (PATCH and PUT) the API accepted. */
    public long getWriteRequests() {
        return writeRequests;
    }

    public void setWriteRequests(long writeRequests) {
        this.writeRequests = writeRequests;
    }

    public long getRetries() {
        return retries;
    }

    public void setRetries(long retries) {
        this.retries = retries;
    }

    public List<String> getTokens() {
        return tokens;
    }

    public void setTokens(List<String> tokens) {
        this.tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** The last token's state when the producer waited for indexing, else null. */
    public String getIndexingState() {
        return indexingState;
    }

    public void setIndexingState(String indexingState) {
        this.indexingState = indexingState;
    }

    /** sync only: "diff" (only the difference was sent) or "replace". */
    public SyncMode getSyncMode() {
        return syncMode;
    }

    public void setSyncMode(SyncMode syncMode) {
        this.syncMode = syncMode;
    }

    /** sync only: why it replaced instead of sending the difference. */
    public String getSyncReason() {
        return syncReason;
    }

    public void setSyncReason(String syncReason) {
        this.syncReason = syncReason;
    }

    /** sync only: the first IDs of each kind ("new", "changed", "departed"). */
    public Map<String, List<String>> getSamples() {
        return samples;
    }

    public void setSamples(Map<String, List<String>> samples) {
        this.samples = samples;
    }

    public long getDurationMs() {
        return durationMs;
    }

    public void setDurationMs(long durationMs) {
        this.durationMs = durationMs;
    }

    /** Rejected rows with line, ID and reason (the first maxRejectedRowsKept of them). */
    public List<RejectedRow> getRejectedRows() {
        return rejectedRows;
    }

    public void setRejectedRows(List<RejectedRow> rejectedRows) {
        this.rejectedRows = rejectedRows == null ? List.of() : List.copyOf(rejectedRows);
    }

    @Override
    public String toString() {
        return "BatchAudienceResult[" + operation + " " + audience + ": rows=" + rowsRead + ", sent=" + idsSent + ", added="
               + added + ", removed=" + removed + ", rejected=" + rejected + ", requests=" + requests + ", retries=" + retries
               + (dryRun ? ", dry run" : "") + "]";
    }
}
