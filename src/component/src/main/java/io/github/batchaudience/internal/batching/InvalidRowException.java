package io.github.batchaudience.internal.batching;

import io.github.batchaudience.internal.support.Printable;
import io.github.batchaudience.model.RejectedRow;

/** With invalidRows=fail: the first invalid row, found before anything was sent. */
public final class InvalidRowException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final transient RejectedRow row;

    InvalidRowException(String source, RejectedRow row) {
        super(source + ", line " + row.getLine() + (row.getId() == null ? "" : " (id " + Printable.of(row.getId()) + ")") + ": "
              + row.getReason() + "; nothing was sent (invalidRows=fail)");
        this.sourceName = source;
        this.row = row;
    }

    public String sourceName() {
        return sourceName;
    }

    public RejectedRow row() {
        return row;
    }
}
