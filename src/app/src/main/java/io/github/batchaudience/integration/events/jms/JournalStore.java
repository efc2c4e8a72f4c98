package io.github.batchaudience.integration.events.jms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables of the JMS event journal: a batch is a row of {@code jms_batch} (its audience,
 * whether the aggregator completed it, the sequence number it started at and, shared, its owner),
 * its events rows of {@code jms_event} numbered by the same sequence, so in arrival order. In an H2
 * file database in the state folder, or in the shared PostgreSQL database, whose schema Flyway made.
 *
 * <p>One connection, outside auto-commit: the caller groups statements into a transaction and
 * commits it, under the journal's lock. A statement that fails leaves the rollback to the caller.
 */
final class JournalStore implements AutoCloseable {
    /** The journal's lines, under its name. */
    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);
    private static final int SEQUENCE_CACHE = 100_000;

    private final String directory;
    private final DataSource shared;
    /** The H2 database's URL; null when shared. */
    private final String url;
    private Connection db;

    private JournalStore(String directory, DataSource shared, String url, Connection db) {
        this.directory = directory;
        this.shared = shared;
        this.url = url;
        this.db = db;
    }

    /** The H2 database of this folder ({@code events.mv.db}), its tables created when missing. */
    static JournalStore inFolder(String directory) throws IOException, SQLException {
        Path dir = Files.createDirectories(Path.of(directory)).toAbsolutePath();
        // WRITE_DELAY=0: a commit reaches the file before the JMS message is acknowledged, so a
        // process killed right after still has it. H2 must not close itself at JVM exit while
        // Camel is still stopping the routes that write here.
        String url = "jdbc:h2:file:" + dir.resolve("events") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        Connection db = DriverManager.getConnection(url);
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            // H2 writes a sequence's state to the file each time its cache of values runs out, and
            // only then (32 by default, so every 32 events): the values a crash skips are gaps, never reused.
            s.execute("CREATE SEQUENCE IF NOT EXISTS jms_seq CACHE " + SEQUENCE_CACHE);
            s.execute("ALTER SEQUENCE jms_seq CACHE " + SEQUENCE_CACHE);
            s.execute("CREATE TABLE IF NOT EXISTS jms_batch (id VARCHAR(200) PRIMARY KEY, audience VARCHAR(300) NOT NULL,"
                      + " completed BOOLEAN NOT NULL, first_seq BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS jms_event (seq BIGINT PRIMARY KEY, batch_id VARCHAR(200) NOT NULL,"
                      + " event CHARACTER VARYING NOT NULL)");
        }
        db.commit();
        return new JournalStore(directory, null, url, db);
    }

    /** The shared database's journal; {@code directory} only names it in messages. */
    static JournalStore shared(String directory, DataSource shared) throws SQLException {
        Connection db = shared.getConnection();
        db.setAutoCommit(false);
        return new JournalStore(directory, shared, null, db);
    }

    /** Another connection to the same journal: its transactions neither wait for this one's nor hold it up. */
    JournalStore another() throws SQLException {
        if (shared != null) {
            return shared(directory, shared);
        }
        Connection other = DriverManager.getConnection(url);
        other.setAutoCommit(false);
        return new JournalStore(directory, null, url, other);
    }

    /** Whether batches have owners: the journal is shared by instances. */
    boolean isShared() {
        return shared != null;
    }

    /** The open connection, for statements of the same transaction; a closed journal refuses. */
    Connection connection() {
        if (db == null) {
            throw closed(directory);
        }
        if (shared != null) {
            try {
                if (db.isClosed()) {
                    // Closed after a failure (the database restarted, the network cut): a fresh one from the pool.
                    db = shared.getConnection();
                    db.setAutoCommit(false);
                }
            } catch (SQLException e) {
                throw failure("reconnect", e);
            }
        }
        return db;
    }

    /** A new, open batch of an audience, starting now in the sequence; {@code owner} is null unless shared. */
    void insertBatch(String id, String audience, String owner) throws SQLException {
        try (PreparedStatement s = connection().prepareStatement(
                "INSERT INTO jms_batch (id, audience, completed, first_seq" + (owner != null ? ", owner" : "")
                + ") VALUES (?, ?, FALSE, " + nextSeq() + (owner != null ? ", ?" : "") + ")")) {
            s.setString(1, id);
            s.setString(2, audience);
            if (owner != null) {
                s.setString(3, owner);
            }
            s.executeUpdate();
        }
    }

    /** Events added to a batch, after those it holds: one row ({@link EventRows}). */
    void appendEvents(String id, List<String> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement s = connection().prepareStatement(
                "INSERT INTO jms_event (seq, batch_id, event) VALUES (" + nextSeq() + ", ?, ?)")) {
            s.setString(1, id);
            s.setString(2, EventRows.row(events));
            s.executeUpdate();
        }
    }

    /** The aggregator handed the batch over: it is to be sent. */
    void complete(String id) throws SQLException {
        update("UPDATE jms_batch SET completed = TRUE WHERE id = ?", id);
    }

    /** A completed batch goes back to being open (the start merges what an earlier run left). */
    void reopen(String id) throws SQLException {
        update("UPDATE jms_batch SET completed = FALSE WHERE id = ?", id);
    }

    /** Forgets a batch and its events. */
    void delete(String id) throws SQLException {
        update("DELETE FROM jms_event WHERE batch_id = ?", id);
        update("DELETE FROM jms_batch WHERE id = ?", id);
    }

    /** The completed batches, oldest first: every one, or those of this owner. */
    Set<String> completedBatches(String owner) throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        try (PreparedStatement s = connection().prepareStatement(
                "SELECT id FROM jms_batch WHERE completed" + (owner != null ? " AND owner = ?" : "") + " ORDER BY first_seq")) {
            if (owner != null) {
                s.setString(1, owner);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Every batch, oldest first, by audience (in the order of each audience's oldest batch). */
    Map<String, List<String>> batchesByAudience() throws SQLException {
        Map<String, List<String>> byAudience = new LinkedHashMap<>();
        try (Statement s = connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT audience, id FROM jms_batch ORDER BY first_seq")) {
            while (rs.next()) {
                byAudience.computeIfAbsent(rs.getString(1), a -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return byAudience;
    }

    /** The batch's audience, or null when there is no such batch. */
    String audienceOf(String id) throws SQLException {
        try (PreparedStatement s = connection().prepareStatement("SELECT audience FROM jms_batch WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The batch's events, in arrival order. */
    List<String> eventsOf(String id) throws SQLException {
        List<String> events = new ArrayList<>();
        try (PreparedStatement s = connection().prepareStatement(
                "SELECT event FROM jms_event WHERE batch_id = ? ORDER BY seq")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    EventRows.read(rs.getString(1), events);
                }
            } catch (IllegalStateException e) {
                throw new IllegalStateException("the JMS event journal " + directory + ", batch " + id + ": "
                                                + e.getMessage(), e);
            }
        }
        return events;
    }

    /** The events of the other batches become this one's (their order kept by sequence), and the others are dropped. */
    void moveEvents(String into, List<String> others) throws SQLException {
        try (PreparedStatement move = connection().prepareStatement("UPDATE jms_event SET batch_id = ? WHERE batch_id = ?");
             PreparedStatement drop = connection().prepareStatement("DELETE FROM jms_batch WHERE id = ?")) {
            for (String other : others) {
                move.setString(1, into);
                move.setString(2, other);
                move.executeUpdate();
                drop.setString(1, other);
                drop.executeUpdate();
            }
        }
    }

    /** The batch starts where its first event does: after a merge, where the earliest merged batch started. */
    void startAtFirstEvent(String id) throws SQLException {
        try (PreparedStatement s = connection().prepareStatement(
                "UPDATE jms_batch SET first_seq = (SELECT min(seq) FROM jms_event WHERE batch_id = ?) WHERE id = ?")) {
            s.setString(1, id);
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    void commit() throws SQLException {
        connection().commit();
    }

    /** Undoes the statements since the last commit; a connection that cannot is dropped when it came from the pool. */
    void rollback() {
        try {
            if (db != null) {
                db.rollback();
            }
        } catch (SQLException e) {
            LOG.warn("Could not roll back the JMS event journal: {}", e.getMessage());
            if (shared != null) {
                try {
                    db.close();
                } catch (SQLException ignored) {
                    // Given back broken: the pool discards it.
                }
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (db != null) {
            db.close();
            db = null;
        }
    }

    /** What a statement meets once the journal is closed (the route stopped while a batch was being sent). */
    static IllegalStateException closed(String directory) {
        return new IllegalStateException("the JMS event journal in " + directory + " is closed");
    }

    /** What a failed statement becomes: a message naming the journal. */
    IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("could not " + what + " in the JMS event journal " + directory + ": "
                                         + e.getMessage(), e);
    }

    private void update(String sql, String id) throws SQLException {
        try (PreparedStatement s = connection().prepareStatement(sql)) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    private String nextSeq() {
        return shared != null ? "nextval('jms_seq')" : "NEXT VALUE FOR jms_seq";
    }
}
