package io.github.batchaudience.integration.state;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Named records of one kind (the indexing tokens of each file, the inbox files settled), each a
 * small JSON value: files in the state folder by default, rows of PostgreSQL that every instance
 * shares with {@code BATCH_STATE_JDBC_URL}.
 */
public interface StateRecords {

    /** Writes the record, replacing any of the same name, durably before it returns. */
    void put(String name, Object value) throws IOException;

    /**
     * Writes the record, replacing any of the same name, kept through a killed process but not
     * necessarily through an operating system crash: for records that can be rebuilt from a
     * durable one.
     */
    default void putRebuildable(String name, Object value) throws IOException {
        put(name, value);
    }

    /** The record, or null when there is none; a record that cannot be trusted is set aside and refused. */
    <T> T get(String name, Class<T> type) throws IOException;

    /** The names of every record of this kind. */
    List<String> names() throws IOException;

    /**
     * Every record of this kind, by name; a damaged one fails the whole read (one by one, with
     * {@link #get}, the others can go on).
     */
    default <T> Map<String, T> all(Class<T> type) throws IOException {
        Map<String, T> all = new HashMap<>();
        for (String name : names()) {
            T value = get(name, type);
            if (value != null) {
                all.put(name, value);
            }
        }
        return all;
    }

    void remove(String name) throws IOException;

    /** The names of the records last written at or after this time (epoch milliseconds). */
    List<String> namesWrittenSince(long epochMillis) throws IOException;

    /** Forgets the records last written before this time (epoch milliseconds). */
    void removeWrittenBefore(long epochMillis) throws IOException;

    /** A record that failed its check: set aside, with why and where it went. */
    final class DamagedException extends IOException {
        private static final long serialVersionUID = 1L;

        DamagedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
