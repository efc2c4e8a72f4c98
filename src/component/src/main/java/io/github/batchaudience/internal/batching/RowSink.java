package io.github.batchaudience.internal.batching;

import java.io.IOException;

import io.github.batchaudience.model.Action;

/** Where validated rows go once serialised: a spool for update and replace, a sort for sync. */
@FunctionalInterface
public interface RowSink {
    /** The members are {@code length} bytes of {@code members} from {@code offset}, lent for this call only. */
    void accept(String id, Action action, long line, byte[] members, int offset, int length) throws IOException;
}
