package io.github.batchaudience.model;

/**
 * A row left out of the requests: where it was (1-based line of the source, or index of an
 * element for object bodies), its ID when known, and why.
 */
public final class RejectedRow {
    private final long line;
    private final String id;
    private final String reason;

    public RejectedRow(long line, String id, String reason) {
        this.line = line;
        this.id = id;
        this.reason = reason;
    }

    public long getLine() {
        return line;
    }

    public String getId() {
        return id;
    }

    public String getReason() {
        return reason;
    }

    @Override
    public String toString() {
        return "line " + line + (id == null ? "" : " (" + id + ")") + ": " + reason;
    }
}
