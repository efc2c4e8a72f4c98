package io.github.batchaudience.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.RecoverableAggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Camel's aggregator keeps the JMS events of each audience until their batch has been
 * sent: an H2 database in the state folder, or the shared PostgreSQL database when the state is
 * there ({@link StateSetup}), written before the JMS message is acknowledged.
 * It is both the aggregation strategy (a batch is the list of its events' JSON texts) and the
 * repository, because only together can they append: each event is one row inserted, where
 * camel-sql's JdbcAggregationRepository rewrites the whole serialised batch for every event
 * (quadratic: 5,000 events into one batch took a minute here, and a batch holds 10,000).
 *
 * <p>A batch is open while events are added, completed once the aggregator hands it over, and
 * deleted when it has been sent (confirmed). On start, every batch still here, open or
 * completed but not confirmed (the run stopped or died before or while sending it), is merged
 * back, in the order the events arrived, into one open batch per audience, sent after the quiet
 * period like any other. So nothing consumed is lost, and a batch from before the restart can
 * never be sent after a later one of its audience. At run time, a completed batch whose exchange
 * failed without being handled is sent again by the aggregator's recovery task.
 *
 * <p>Shared, every batch has an owner, the run that took its events, and each run keeps a
 * heartbeat in the database. The batches of a run silent for {@code takeoverAfter} (dead, or
 * stopped) are adopted by a live one, as completed batches its recovery task sends. The order of
 * an audience's events holds across instances: before a batch is sent ({@link #takeTurn}), the
 * earlier batches of its audience still in the journal are merged into it, or, when a live
 * instance is sending one, it waits.
 */
public class EventJournal extends ServiceSupport
        implements RecoverableAggregationRepository, AggregationStrategy, CamelContextAware {
    /** Exchange property of a batch: how many of its events are in the database already. */
    static final String STORED = "batchJournalStored";

    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);

    private String directory = "data/state/jms";
    private StateBackend state;
    /** Shared mode (the state in PostgreSQL): who owns which batch; null otherwise. */
    private JournalOwners owners;
    private long heartbeatInterval = 2000;
    private long takeoverAfter = 15_000;
    private ScheduledExecutorService heartbeat;
    private long quietPeriod = 1000;
    private long recoveryInterval = 5000;
    private boolean useRecovery = true;
    private String deadLetterUri;
    private int maximumRedeliveries;
    private CamelContext camelContext;
    private Connection db;
    private final Map<String, Exchange> open = new HashMap<>();
    /** Batches written to since the last commit, with what was stored of each before. */
    private final Map<Exchange, Integer> uncommitted = new IdentityHashMap<>();

    // ---- the aggregation strategy: a batch is the list of its events' texts

    @Override
    public Exchange aggregate(Exchange batch, Exchange event) {
        String text = event.getIn().getBody(String.class);
        if (batch == null) {
            // A plain message: the batch must not carry the first event's JMS message and headers along.
            List<String> events = new ArrayList<>();
            events.add(text);
            DefaultMessage message = new DefaultMessage(event);
            message.setBody(events);
            event.setIn(message);
            return event;
        }
        events(batch).add(text);
        return batch;
    }

    @SuppressWarnings("unchecked")
    static List<String> events(Exchange batch) {
        return batch.getIn().getBody(List.class);
    }

    // ---- the repository

    @Override
    public synchronized Exchange add(CamelContext camelContext, String key, Exchange batch) {
        // Written by flush, once per JMS message rather than once per event.
        open.put(key, batch);
        return null;
    }

    /**
     * Writes and commits every event added so far: the route calls it after the last event of a
     * JMS message and before the message is acknowledged. Events whose writing was rolled back
     * (when another write failed) are written again here.
     */
    public synchronized void flush() {
        for (Map.Entry<String, Exchange> e : open.entrySet()) {
            Exchange batch = e.getValue();
            if (batch.getProperty(STORED, 0, Integer.class) < events(batch).size()) {
                write(e.getKey(), batch, false);
            }
        }
        commit();
    }

    @Override
    public synchronized Exchange get(CamelContext camelContext, String key) {
        return open.get(key);
    }

    @Override
    public synchronized void remove(CamelContext camelContext, String key, Exchange batch) {
        // The event that completed the batch was never added: it is written here with the state.
        write(key, batch, true);
        commit();
        open.remove(key);
    }

    @Override
    public synchronized void confirm(CamelContext camelContext, String exchangeId) {
        try (PreparedStatement events = db().prepareStatement("DELETE FROM jms_event WHERE batch_id = ?");
             PreparedStatement batch = db().prepareStatement("DELETE FROM jms_batch WHERE id = ?")) {
            events.setString(1, exchangeId);
            events.executeUpdate();
            batch.setString(1, exchangeId);
            batch.executeUpdate();
        } catch (SQLException e) {
            rollback();
            throw failure("forget the sent batch " + exchangeId, e);
        }
        commit();
    }

    @Override
    public synchronized Set<String> getKeys() {
        return new LinkedHashSet<>(open.keySet());
    }

    @Override
    public synchronized Set<String> scan(CamelContext camelContext) {
        Set<String> ids = new LinkedHashSet<>();
        try (PreparedStatement s = db().prepareStatement(
                "SELECT id FROM jms_batch WHERE completed" + (owners != null ? " AND owner = ?" : "") + " ORDER BY first_seq")) {
            if (owners != null) {
                s.setString(1, owners.owner());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            db().commit();
        } catch (SQLException e) {
            rollback();
            throw failure("list the batches to send again", e);
        }
        return ids;
    }

    @Override
    public synchronized Exchange recover(CamelContext camelContext, String exchangeId) {
        try {
            String audience = audienceOf(exchangeId);
            return audience == null ? null : restore(camelContext, exchangeId, audience);
        } catch (SQLException e) {
            throw failure("read the batch " + exchangeId, e);
        }
    }

    private void write(String key, Exchange batch, boolean completed) {
        List<String> events = events(batch);
        int stored = batch.getProperty(STORED, 0, Integer.class);
        uncommitted.putIfAbsent(batch, stored);
        try {
            if (stored == 0) {
                try (PreparedStatement s = db().prepareStatement(
                        "INSERT INTO jms_batch (id, audience, completed, first_seq" + (owners != null ? ", owner" : "")
                        + ") VALUES (?, ?, FALSE, " + nextSeq() + (owners != null ? ", ?" : "") + ")")) {
                    s.setString(1, batch.getExchangeId());
                    s.setString(2, key);
                    if (owners != null) {
                        s.setString(3, owners.owner());
                    }
                    s.executeUpdate();
                }
            }
            if (stored < events.size()) {
                try (PreparedStatement s = db().prepareStatement(
                        "INSERT INTO jms_event (seq, batch_id, event) VALUES (" + nextSeq() + ", ?, ?)")) {
                    for (int i = stored; i < events.size(); i++) {
                        s.setString(1, batch.getExchangeId());
                        s.setString(2, events.get(i));
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            if (completed) {
                try (PreparedStatement s = db().prepareStatement("UPDATE jms_batch SET completed = TRUE WHERE id = ?")) {
                    s.setString(1, batch.getExchangeId());
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            rollback();
            throw failure("keep " + (events.size() - stored) + " event(s) of audience " + key, e);
        }
        batch.setProperty(STORED, events.size());
    }

    /** The open database; a closed journal (the route stopped while a batch was still being sent) refuses. */
    private Connection db() {
        if (db == null) {
            throw new IllegalStateException("the JMS event journal in " + directory + " is closed");
        }
        if (owners != null) {
            try {
                if (db.isClosed()) {
                    // Closed after a failure (the database restarted, the network cut): a fresh one from the pool.
                    db = state.dataSource().getConnection();
                    db.setAutoCommit(false);
                }
            } catch (SQLException e) {
                throw failure("reconnect", e);
            }
        }
        return db;
    }

    private void commit() {
        try {
            db().commit();
        } catch (SQLException e) {
            rollback();
            throw failure("commit", e);
        }
        uncommitted.clear();
    }

    /** Undoes the writes since the last commit, and what the batches believe is stored with them. */
    private void rollback() {
        try {
            if (db != null) {
                db.rollback();
            }
        } catch (SQLException e) {
            LOG.warn("Could not roll back the JMS event journal: {}", e.getMessage());
            if (owners != null) {
                closeQuietly();
            }
        }
        uncommitted.forEach((batch, stored) -> batch.setProperty(STORED, stored));
        uncommitted.clear();
    }

    private void closeQuietly() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // Given back broken: the pool discards it.
        }
    }

    private String audienceOf(String batchId) throws SQLException {
        try (PreparedStatement s = db().prepareStatement("SELECT audience FROM jms_batch WHERE id = ?")) {
            s.setString(1, batchId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private List<String> eventsOf(String batchId) throws SQLException {
        List<String> events = new ArrayList<>();
        try (PreparedStatement s = db().prepareStatement("SELECT event FROM jms_event WHERE batch_id = ? ORDER BY seq")) {
            s.setString(1, batchId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(rs.getString(1));
                }
            }
        }
        return events;
    }

    /** The batch as the aggregator knows it: its events in arrival order, its key and its size. */
    private Exchange restore(CamelContext camelContext, String batchId, String audience) throws SQLException {
        List<String> events = eventsOf(batchId);
        Exchange batch = new DefaultExchange(camelContext);
        batch.setExchangeId(batchId);
        batch.getIn().setBody(events);
        batch.setProperty(STORED, events.size());
        batch.setProperty(ExchangePropertyKey.AGGREGATED_SIZE, events.size());
        batch.setProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, audience);
        // Read by the aggregator on start to arm the quiet period of the batches found here.
        batch.setProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT, quietPeriod);
        return batch;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        DataSource shared = state == null ? null : state.dataSource();
        if (shared != null) {
            // Flyway created the tables (db/batch-state).
            owners = new JournalOwners(takeoverAfter);
            db = shared.getConnection();
            db.setAutoCommit(false);
            beat();
            adoptOrphans();
            heartbeat = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "batch-jms-journal");
            heartbeat.scheduleWithFixedDelay(this::tick, heartbeatInterval, heartbeatInterval, TimeUnit.MILLISECONDS);
            return;
        }
        Path dir = Files.createDirectories(Path.of(directory)).toAbsolutePath();
        // WRITE_DELAY=0: a commit reaches the file before the JMS message is acknowledged, so a
        // process killed right after still has it. H2 must not close itself at JVM exit while
        // Camel is still stopping the routes that write here.
        db = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("events") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        db.setAutoCommit(false);
        try (Statement s = db().createStatement()) {
            s.execute("CREATE SEQUENCE IF NOT EXISTS jms_seq");
            s.execute("CREATE TABLE IF NOT EXISTS jms_batch (id VARCHAR(200) PRIMARY KEY, audience VARCHAR(300) NOT NULL,"
                      + " completed BOOLEAN NOT NULL, first_seq BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS jms_event (seq BIGINT PRIMARY KEY, batch_id VARCHAR(200) NOT NULL,"
                      + " event CHARACTER VARYING NOT NULL)");
        }
        db.commit();
        reopen();
    }

    private String nextSeq() {
        return owners != null ? "nextval('jms_seq')" : "NEXT VALUE FOR jms_seq";
    }

    // ---- shared mode: several instances, one journal in PostgreSQL

    private synchronized void tick() {
        try {
            beat();
            adoptOrphans();
        } catch (RuntimeException e) {
            LOG.warn("JMS event journal: {}", e.getMessage());
        }
    }

    private void beat() {
        try {
            owners.beat(db());
        } catch (SQLException e) {
            rollback();
            throw failure("record this instance's heartbeat", e);
        }
        commit();
    }

    private void adoptOrphans() {
        int adopted;
        try {
            adopted = owners.adoptOrphans(db());
        } catch (SQLException e) {
            rollback();
            throw failure("adopt the batches of stopped instances", e);
        }
        commit();
        if (adopted > 0) {
            LOG.warn("JMS event journal: {} batch(es) of a stopped or dead instance taken over, sent again", adopted);
        }
    }

    /**
     * Called before a batch is sent (shared mode): the earlier batches of its audience that are
     * still in the journal must not be applied after it. Those of this instance (it sends one
     * batch at a time, so none is in flight) and of dead ones are merged into it, in the order
     * their events arrived; one that a live instance holds makes this batch wait (a passing
     * failure: it is sent again after the retry delay).
     */
    public synchronized void takeTurn(Exchange batch) {
        if (owners == null) {
            return;
        }
        String id = batch.getExchangeId();
        String audience = batch.getProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, String.class);
        try {
            List<String> earlier = owners.earlierThan(db(), id, audience);
            if (earlier.isEmpty()) {
                db().commit();
                return;
            }
            JournalOwners.mergeInto(db(), id, earlier);
            List<String> events = eventsOf(id);
            db().commit();
            batch.getIn().setBody(events);
            batch.setProperty(STORED, events.size());
            LOG.info("JMS batch of {}: {} earlier batch(es) of the audience merged in before it, {} event(s) in all",
                     audience, earlier.size(), events.size());
        } catch (SQLException e) {
            rollback();
            throw failure("order the batch " + id + " after the earlier ones of audience " + audience, e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** Every batch left by the last run becomes, per audience, one open batch again (see the class comment). */
    private void reopen() throws SQLException {
        Map<String, List<String>> byAudience = new LinkedHashMap<>();
        try (Statement s = db().createStatement();
             ResultSet rs = s.executeQuery("SELECT audience, id FROM jms_batch ORDER BY first_seq")) {
            while (rs.next()) {
                byAudience.computeIfAbsent(rs.getString(1), a -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        long events = 0;
        for (Map.Entry<String, List<String>> e : byAudience.entrySet()) {
            String keep = e.getValue().get(0);
            try (PreparedStatement move = db().prepareStatement("UPDATE jms_event SET batch_id = ? WHERE batch_id = ?");
                 PreparedStatement drop = db().prepareStatement("DELETE FROM jms_batch WHERE id = ?");
                 PreparedStatement reopen = db().prepareStatement("UPDATE jms_batch SET completed = FALSE WHERE id = ?")) {
                for (String other : e.getValue().subList(1, e.getValue().size())) {
                    move.setString(1, keep);
                    move.setString(2, other);
                    move.executeUpdate();
                    drop.setString(1, other);
                    drop.executeUpdate();
                }
                reopen.setString(1, keep);
                reopen.executeUpdate();
            }
            db.commit();
            Exchange batch = restore(camelContext, keep, e.getKey());
            open.put(e.getKey(), batch);
            events += events(batch).size();
        }
        if (events > 0) {
            LOG.info("JMS events kept from the last run: {} event(s) of {} audience(s), sent after the quiet period",
                     events, open.size());
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (heartbeat != null) {
            camelContext.getExecutorServiceManager().shutdownNow(heartbeat);
            heartbeat = null;
        }
        if (db != null) {
            if (owners != null) {
                try {
                    owners.leave(db);
                    db.commit();
                } catch (SQLException e) {
                    LOG.warn("JMS event journal: this instance's heartbeat not removed: {}", e.getMessage());
                }
            }
            db.close();
            db = null;
        }
        owners = null;
        open.clear();
        super.doStop();
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("could not " + what + " in the JMS event journal " + directory + ": "
                                         + e.getMessage(), e);
    }

    /** The shared database, when the state is in PostgreSQL ({@link StateSetup}); else the folder's H2. */
    public void setState(StateBackend state) {
        this.state = state;
    }

    /** Shared mode: how often this instance says it is alive (ms). */
    public void setHeartbeatInterval(long heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    /** Shared mode: the batches of an instance silent for this long (ms) are taken over. */
    public void setTakeoverAfter(long takeoverAfter) {
        this.takeoverAfter = takeoverAfter;
    }

    /** The folder of the database (events.mv.db). */
    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public String getDirectory() {
        return directory;
    }

    /**
     * The aggregator's completion size, checked here: a batch of one event is completed without
     * ever being added to the repository, so it would not be kept.
     */
    public void setBatchSize(int batchSize) {
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch.jms.batch-size must be at least 2, not " + batchSize);
        }
    }

    /** The aggregator's completion timeout, given again to the batches found on start. */
    public void setQuietPeriod(long quietPeriod) {
        this.quietPeriod = quietPeriod;
    }

    public long getQuietPeriod() {
        return quietPeriod;
    }

    @Override
    public void setRecoveryInterval(long interval, TimeUnit timeUnit) {
        this.recoveryInterval = timeUnit.toMillis(interval);
    }

    @Override
    public void setRecoveryInterval(long interval) {
        this.recoveryInterval = interval;
    }

    @Override
    public long getRecoveryInterval() {
        return recoveryInterval;
    }

    @Override
    public void setUseRecovery(boolean useRecovery) {
        this.useRecovery = useRecovery;
    }

    @Override
    public boolean isUseRecovery() {
        return useRecovery;
    }

    @Override
    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    @Override
    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    @Override
    public void setMaximumRedeliveries(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    @Override
    public int getMaximumRedeliveries() {
        return maximumRedeliveries;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
