package io.github.batchaudience.internal.batching;

import java.io.IOException;

import io.github.batchaudience.model.Action;

/** Where validated rows go once serialised: a spool for update and replace, a sort for sync. */
@FunctionalInterface
public interface RowSink {
    /**
     * One element: its ID's UTF-8 bytes and its members, both slices of {@code data}, which is lent
     * for this call only.
     */
    void accept(byte[] data, int idOffset, int idLength, Action action, long line, int membersOffset,
                int membersLength) throws IOException;
}
