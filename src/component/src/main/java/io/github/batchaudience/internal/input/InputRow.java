package io.github.batchaudience.internal.input;

import io.github.batchaudience.model.IdOperation;

/**
 * One row read: an operation, or a rejection with its reason. {@code line} is the 1-based
 * physical line of text sources (a CSV record spanning lines reports its first line) or the
 * 1-based index of an element for object bodies and JSON payloads.
 */
public final class InputRow {
    private final long line;
    private final IdOperation operation;
    private final String id;
    private final String reason;

    private InputRow(long line, IdOperation operation, String id, String reason) {
        this.line = line;
        this.operation = operation;
        this.id = id;
        this.reason = reason;
    }

    public static InputRow accepted(long line, IdOperation operation) {
        return new InputRow(line, operation, operation.getId(), null);
    }

    public static InputRow rejected(long line, String id, String reason) {
        return new InputRow(line, null, id, reason);
    }

    public long line() {
        return line;
    }

    /** The operation, or null when the row was rejected. */
    public IdOperation operation() {
        return operation;
    }

    /** The row's ID when it could be read, else null. */
    public String id() {
        return id;
    }

    /** Why the row was rejected, or null when it was accepted. */
    public String reason() {
        return reason;
    }
}
