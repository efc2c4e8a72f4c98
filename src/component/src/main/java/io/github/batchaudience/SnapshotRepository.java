package io.github.batchaudience;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where sync keeps what it last applied to each audience (its snapshot), as bytes under a key
 * the component gives (one per base URL, app key and audience; it names no key). The component
 * writes and checks the content; a repository only keeps it. Without one, snapshots are files
 * in the {@code stateDirectory}; an application with several instances gives one that they
 * share (the integration keeps them in PostgreSQL) as the {@code snapshotRepository} option.
 *
 * <p>What a repository must hold to: a new snapshot stays invisible until committed, and a commit
 * replaces the old one whole or not at all; {@link #lock(String)} keeps every other holder of
 * the same key waiting, in every instance that shares the repository, so that two syncs of one
 * audience never overlap.
 */
public interface SnapshotRepository {

    /** The snapshot kept under this key, or null when there is none. */
    Stored find(String key) throws IOException;

    /** Starts a new snapshot for this key; the caller holds the key's lock. */
    Pending create(String key) throws IOException;

    /**
     * Whether a new snapshot for this key was begun, then neither committed nor discarded (the
     * process writing it died): a sync then knows that a drift is its own doing.
     */
    boolean wasInterrupted(String key) throws IOException;

    /** Holds this key alone, waiting while another sync holds it, until the returned lock is closed. */
    Lock lock(String key) throws IOException;

    /** A kept snapshot. */
    interface Stored {
        /** Its bytes, from the start. */
        InputStream open() throws IOException;

        /** When it was committed, in epoch milliseconds. */
        long lastModified() throws IOException;

        /** Where it is, for messages (a path, a table and key): never a secret. */
        String location();
    }

    /** A new snapshot being written: invisible until {@link #commit()}, gone if closed before. */
    interface Pending extends Closeable {
        /** Where its bytes go. */
        OutputStream output();

        /** Every byte written is durable: what {@link #commit()} will put in place is ready. */
        void prepare() throws IOException;

        /** Replaces the key's snapshot with this one, atomically and durably. */
        void commit() throws IOException;
    }

    /** A held key. */
    interface Lock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }
}
