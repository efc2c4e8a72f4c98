package io.github.batchaudience.integration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Who owns which batch of the JMS event journal when instances share it in PostgreSQL
 * ({@link EventJournal}'s shared mode): each run has a name of its own and a heartbeat by the
 * database's clock; a run silent for {@code takeoverAfter} is gone, and its batches are anyone's
 * to adopt. The statements run in the caller's transaction.
 */
final class JournalOwners {
    /** The database's clock, in epoch ms: heartbeats compare on one clock, whatever the instances' clocks say. */
    private static final String DB_NOW = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";
    private static final String ALIVE = "SELECT i.id FROM jms_instance i WHERE i.heartbeat_at >= " + DB_NOW + " - ?";

    private final String owner = "jms-" + UUID.randomUUID();
    private final long takeoverAfter;

    JournalOwners(long takeoverAfter) {
        this.takeoverAfter = takeoverAfter;
    }

    /** This run's name, new at each start: what an earlier run left is adopted like any dead one's. */
    String owner() {
        return owner;
    }

    /** Says this run is alive. */
    void beat(Connection db) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "INSERT INTO jms_instance (id, heartbeat_at) VALUES (?, " + DB_NOW + ")"
                + " ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at")) {
            s.setString(1, owner);
            s.executeUpdate();
        }
    }

    /** Says this run stopped: the others need not wait for takeoverAfter to adopt what it left. */
    void leave(Connection db) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("DELETE FROM jms_instance WHERE id = ?")) {
            s.setString(1, owner);
            s.executeUpdate();
        }
    }

    /**
     * Makes the batches of gone runs this one's, as completed batches (its aggregator's recovery
     * sends them, oldest first), and forgets the gone runs that own nothing. Returns how many.
     */
    int adoptOrphans(Connection db) throws SQLException {
        int adopted;
        try (PreparedStatement s = db.prepareStatement(
                "UPDATE jms_batch SET owner = ?, completed = TRUE WHERE owner <> ? AND owner NOT IN (" + ALIVE + ")")) {
            s.setString(1, owner);
            s.setString(2, owner);
            s.setLong(3, takeoverAfter);
            adopted = s.executeUpdate();
        }
        try (PreparedStatement forget = db.prepareStatement(
                "DELETE FROM jms_instance WHERE heartbeat_at < " + DB_NOW + " - ? AND id NOT IN (SELECT owner FROM jms_batch)")) {
            forget.setLong(1, takeoverAfter);
            forget.executeUpdate();
        }
        return adopted;
    }

    /**
     * The batches of the audience older than this one, oldest first, locked until the
     * transaction ends: this run's and gone runs'. One that a live run owns cannot be taken:
     * then this batch must wait (an IllegalStateException, a passing failure).
     */
    List<String> earlierThan(Connection db, String batchId, String audience) throws SQLException {
        List<String> earlier = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(
                "SELECT b.id, b.owner = ? OR b.owner NOT IN (" + ALIVE + ") FROM jms_batch b WHERE b.audience = ?"
                + " AND b.id <> ? AND b.first_seq < (SELECT first_seq FROM jms_batch WHERE id = ?)"
                + " ORDER BY b.first_seq FOR UPDATE")) {
            s.setString(1, owner);
            s.setLong(2, takeoverAfter);
            s.setString(3, audience);
            s.setString(4, batchId);
            s.setString(5, batchId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(2)) {
                        throw new IllegalStateException("an earlier batch of audience " + audience
                                                        + " is being sent by another instance; this one waits for it");
                    }
                    earlier.add(rs.getString(1));
                }
            }
        }
        return earlier;
    }

    /** Moves the events of the earlier batches into this one (their order kept by sequence) and drops them. */
    static void mergeInto(Connection db, String batchId, List<String> earlier) throws SQLException {
        try (PreparedStatement move = db.prepareStatement("UPDATE jms_event SET batch_id = ? WHERE batch_id = ?");
             PreparedStatement drop = db.prepareStatement("DELETE FROM jms_batch WHERE id = ?");
             PreparedStatement first = db.prepareStatement(
                     "UPDATE jms_batch SET first_seq = (SELECT min(seq) FROM jms_event WHERE batch_id = ?) WHERE id = ?")) {
            for (String other : earlier) {
                move.setString(1, batchId);
                move.setString(2, other);
                move.executeUpdate();
                drop.setString(1, other);
                drop.executeUpdate();
            }
            first.setString(1, batchId);
            first.setString(2, batchId);
            first.executeUpdate();
        }
    }
}
