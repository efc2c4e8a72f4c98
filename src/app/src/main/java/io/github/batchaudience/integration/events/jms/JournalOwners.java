package io.github.batchaudience.integration.events.jms;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who owns which batch of the JMS event journal when instances share it in PostgreSQL: every
 * batch belongs to the run that took its events; each run has a name of its own and a heartbeat
 * by the database's clock. A run silent for {@code takeoverAfter} (dead, or stopped) is gone: its
 * batches are adopted by a live one, as completed batches its recovery task sends. The order of an
 * audience's events holds across instances: before a batch is sent ({@link #takeTurn}), the
 * earlier batches of its audience still in the journal are merged into it or, when a live
 * instance holds one, it waits.
 *
 * <p>Each method is one transaction of the store's connection, under the journal's lock.
 */
final class JournalOwners {
    /** The database's clock, in epoch ms: heartbeats compare on one clock, whatever the instances' clocks say. */
    private static final String DB_NOW = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";
    private static final String ALIVE = "SELECT i.id FROM jms_instance i WHERE i.heartbeat_at >= " + DB_NOW + " - ?";
    /** The journal's lines, under its name. */
    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);

    private final JournalStore store;
    private final String owner = "jms-" + UUID.randomUUID();
    private final long takeoverAfter;

    JournalOwners(JournalStore store, long takeoverAfter) {
        this.store = store;
        this.takeoverAfter = takeoverAfter;
    }

    /** This run's name, new at each start: what an earlier run left is adopted like any dead one's. */
    String owner() {
        return owner;
    }

    /** On start: this run is alive, and what gone runs left is its own; a failure fails the start. */
    void join() {
        beat();
        adoptOrphans();
    }

    /** Every heartbeat interval: as {@link #join}, a failure a WARN line (the next heartbeat tries again). */
    void heartbeat() {
        try {
            join();
        } catch (RuntimeException e) {
            LOG.warn("JMS event journal: {}", e.getMessage());
        }
    }

    /** Says this run is alive. */
    private void beat() {
        try (PreparedStatement s = store.connection().prepareStatement(
                "INSERT INTO jms_instance (id, heartbeat_at) VALUES (?, " + DB_NOW + ")"
                + " ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at")) {
            s.setString(1, owner);
            s.executeUpdate();
            store.commit();
        } catch (SQLException e) {
            store.rollback();
            throw store.failure("record this instance's heartbeat", e);
        }
    }

    /** Says this run stopped: the others need not wait for takeoverAfter to adopt what it left. */
    void leave() {
        try (PreparedStatement s = store.connection().prepareStatement("DELETE FROM jms_instance WHERE id = ?")) {
            s.setString(1, owner);
            s.executeUpdate();
            store.commit();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("JMS event journal: this instance's heartbeat not removed: {}", e.getMessage());
        }
    }

    /**
     * Makes the batches of gone runs this one's, as completed batches (its aggregator's recovery
     * sends them, oldest first), and forgets the gone runs that own nothing. Returns how many.
     */
    private int adoptOrphans() {
        int adopted;
        try (PreparedStatement s = store.connection().prepareStatement(
                "UPDATE jms_batch SET owner = ?, completed = TRUE WHERE owner <> ? AND owner NOT IN (" + ALIVE + ")");
             PreparedStatement forget = store.connection().prepareStatement(
                     "DELETE FROM jms_instance WHERE heartbeat_at < " + DB_NOW + " - ?"
                     + " AND id NOT IN (SELECT owner FROM jms_batch)")) {
            s.setString(1, owner);
            s.setString(2, owner);
            s.setLong(3, takeoverAfter);
            adopted = s.executeUpdate();
            forget.setLong(1, takeoverAfter);
            forget.executeUpdate();
            store.commit();
        } catch (SQLException e) {
            store.rollback();
            throw store.failure("adopt the batches of stopped instances", e);
        }
        if (adopted > 0) {
            LOG.warn("JMS event journal: {} batch(es) of a stopped or dead instance taken over, sent again", adopted);
        }
        return adopted;
    }

    /**
     * Called before a batch is sent: the earlier batches of its audience that are still in the
     * journal must not be applied after it. Those of this run (it sends one batch at a time, so
     * none is in flight) and of gone ones are merged into it, in the order their events arrived;
     * one that a live run holds makes this batch wait (an IllegalStateException, a passing
     * failure: it is sent again after the retry delay).
     *
     * @return the batch's events once the earlier ones are merged in, or null when there were none
     */
    List<String> takeTurn(String batchId, String audience) {
        try {
            List<String> earlier = earlierThan(batchId, audience);
            if (earlier.isEmpty()) {
                store.commit();
                return null;
            }
            store.moveEvents(batchId, earlier);
            store.startAtFirstEvent(batchId);
            List<String> events = store.eventsOf(batchId);
            store.commit();
            LOG.info("JMS batch of {}: {} earlier batch(es) of the audience merged in before it, {} event(s) in all",
                     audience, earlier.size(), events.size());
            return events;
        } catch (SQLException e) {
            store.rollback();
            throw store.failure("order the batch " + batchId + " after the earlier ones of audience " + audience, e);
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
    }

    /**
     * The batches of the audience older than this one, oldest first, locked until the
     * transaction ends: this run's and gone runs'. One that a live run owns cannot be taken.
     */
    private List<String> earlierThan(String batchId, String audience) throws SQLException {
        List<String> earlier = new ArrayList<>();
        try (PreparedStatement s = store.connection().prepareStatement(
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
}
