package io.github.batchaudience.internal.sync;

/** The removal guard refused a sync before anything was sent. */
public final class SyncRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    SyncRefusedException(String message) {
        super(message);
    }
}
