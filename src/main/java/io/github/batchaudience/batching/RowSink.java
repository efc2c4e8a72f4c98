package io.github.batchaudience.batching;

import java.io.IOException;

import io.github.batchaudience.model.Action;

/** Where validated rows go once serialised: a spool for update and replace, a sort for sync. */
@FunctionalInterface
public interface RowSink {
    void accept(String id, Action action, long line, byte[] members) throws IOException;
}
