package io.github.batchaudience.batching;

import io.github.batchaudience.model.RejectedRow;

/** With invalidRows=fail: the first invalid row, found before anything was sent. */
public final class InvalidRowException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient RejectedRow row;

    InvalidRowException(String source, RejectedRow row) {
        super(source + ", line " + row.getLine() + (row.getId() == null ? "" : " (id " + row.getId() + ")") + ": "
              + row.getReason() + "; nothing was sent (invalidRows=fail)");
        this.row = row;
    }

    public RejectedRow row() {
        return row;
    }
}
