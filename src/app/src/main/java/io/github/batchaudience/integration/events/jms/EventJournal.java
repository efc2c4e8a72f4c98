package io.github.batchaudience.integration.events.jms;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.batchaudience.integration.state.StateBackend;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Camel's aggregator keeps the JMS events of each audience until their batch has been
 * sent ({@link JournalStore}: an H2 database in the state folder, or the shared PostgreSQL
 * database when the state is there), written before the JMS message is acknowledged.
 * It is both the aggregation strategy (a batch is the list of its events' JSON texts) and the
 * repository, because only together can they append: each write is one row inserted, where
 * camel-sql's JdbcAggregationRepository rewrites the whole serialised batch for every event
 * (quadratic: 5,000 events into one batch took a minute here, and a batch holds 10,000).
 *
 * <p>A batch is open while events are added, completed once the aggregator hands it over, and
 * deleted when it has been sent (confirmed). On start, every batch still here, open or
 * completed but not confirmed (the run stopped or died before or while sending it), is merged
 * back, in the order the events arrived, into one open batch per audience, sent after the quiet
 * period like any other. So nothing consumed is lost, and a batch from before the restart can
 * never be sent after a later one of its audience. At run time, a completed batch whose exchange
 * failed without being handled is sent again by the aggregator's recovery task. Shared by
 * instances, batches have owners ({@link JournalOwners}).
 */
public class EventJournal extends RecoverySettings implements AggregationStrategy, CamelContextAware {
    /** Exchange property of a batch: how many of its events are in the database already. */
    static final String STORED = "batchJournalStored";

    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);

    private String directory = "data/state/jms";
    private StateBackend state;
    private long heartbeatInterval = 2000;
    private long takeoverAfter = 15_000;
    private long quietPeriod = 1000;
    private CamelContext camelContext;
    private JournalStore store;
    /** The connection that forgets sent batches ({@link #confirm}), under its own lock. */
    private JournalStore confirmations;
    private final Object confirmLock = new Object();
    /** Shared mode (the state in PostgreSQL): who owns which batch; null otherwise. */
    private JournalOwners owners;
    private ScheduledExecutorService heartbeat;
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
        // Written by flush, once per group of JMS messages rather than once per event.
        open.put(key, batch);
        return null;
    }

    /**
     * Writes and commits every event added so far: the listener container calls it after the
     * last message of a group and before the group is acknowledged ({@link GroupCommitListenerContainer}).
     * Events whose writing was rolled back (when another write failed) are written again here.
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

    /**
     * Not under the journal's lock, and on a connection of its own: deleting the events of a sent
     * batch takes about as long as writing them did, and the consumer must not wait for it. The
     * batch is no longer open, so no other statement touches its rows.
     */
    @Override
    public void confirm(CamelContext camelContext, String exchangeId) {
        synchronized (confirmLock) {
            if (confirmations == null) {
                throw JournalStore.closed(directory);
            }
            try {
                confirmations.delete(exchangeId);
                confirmations.commit();
            } catch (SQLException e) {
                confirmations.rollback();
                throw confirmations.failure("forget the sent batch " + exchangeId, e);
            }
        }
    }

    @Override
    public synchronized Set<String> getKeys() {
        return new LinkedHashSet<>(open.keySet());
    }

    @Override
    public synchronized Set<String> scan(CamelContext camelContext) {
        try {
            Set<String> ids = store().completedBatches(owners != null ? owners.owner() : null);
            store.commit();
            return ids;
        } catch (SQLException e) {
            rollback();
            throw store.failure("list the batches to send again", e);
        }
    }

    @Override
    public synchronized Exchange recover(CamelContext camelContext, String exchangeId) {
        try {
            String audience = store().audienceOf(exchangeId);
            return audience == null ? null : restore(camelContext, exchangeId, audience);
        } catch (SQLException e) {
            throw store.failure("read the batch " + exchangeId, e);
        }
    }

    /** Writes what the batch holds beyond what is stored, and marks it completed when it is. */
    private void write(String key, Exchange batch, boolean completed) {
        List<String> events = events(batch);
        int stored = batch.getProperty(STORED, 0, Integer.class);
        uncommitted.putIfAbsent(batch, stored);
        try {
            if (stored == 0) {
                store().insertBatch(batch.getExchangeId(), key, owners != null ? owners.owner() : null);
            }
            if (stored < events.size()) {
                store.appendEvents(batch.getExchangeId(), events.subList(stored, events.size()));
            }
            if (completed) {
                store.complete(batch.getExchangeId());
            }
        } catch (SQLException e) {
            rollback();
            throw store.failure("keep " + (events.size() - stored) + " event(s) of audience " + key, e);
        }
        batch.setProperty(STORED, events.size());
    }

    /** The store; a closed journal (the route stopped while a batch was still being sent) refuses. */
    private JournalStore store() {
        if (store == null) {
            throw JournalStore.closed(directory);
        }
        return store;
    }

    private void commit() {
        try {
            store().commit();
        } catch (SQLException e) {
            rollback();
            throw store.failure("commit", e);
        }
        uncommitted.clear();
    }

    /** Undoes the writes since the last commit, and what the batches believe is stored with them. */
    private void rollback() {
        if (store != null) {
            store.rollback();
        }
        uncommitted.forEach((batch, stored) -> batch.setProperty(STORED, stored));
        uncommitted.clear();
    }

    /** The batch as the aggregator knows it: its events in arrival order, its key and its size. */
    private Exchange restore(CamelContext camelContext, String batchId, String audience) throws SQLException {
        List<String> events = store().eventsOf(batchId);
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

    /**
     * Called before a batch is sent (shared mode): the earlier batches of its audience still in
     * the journal go first (see {@link JournalOwners#takeTurn}).
     */
    public synchronized void takeTurn(Exchange batch) {
        if (owners == null) {
            return;
        }
        List<String> events = owners.takeTurn(batch.getExchangeId(),
                                              batch.getProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, String.class));
        if (events != null) {
            batch.getIn().setBody(events);
            batch.setProperty(STORED, events.size());
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        DataSource shared = state == null ? null : state.dataSource();
        if (shared != null) {
            // Flyway created the tables (db/batch-state).
            store = JournalStore.shared(directory, shared);
            openConfirmations();
            owners = new JournalOwners(store, takeoverAfter);
            owners.join();
            heartbeat = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "batch-jms-journal");
            heartbeat.scheduleWithFixedDelay(this::tick, heartbeatInterval, heartbeatInterval, TimeUnit.MILLISECONDS);
            return;
        }
        store = JournalStore.inFolder(directory);
        openConfirmations();
        reopen();
    }

    private void openConfirmations() throws SQLException {
        synchronized (confirmLock) {
            confirmations = store.another();
        }
    }

    private synchronized void tick() {
        owners.heartbeat();
    }

    /** Every batch left by the last run becomes, per audience, one open batch again (see the class comment). */
    private void reopen() throws SQLException {
        long events = 0;
        for (Map.Entry<String, List<String>> e : store.batchesByAudience().entrySet()) {
            List<String> batches = e.getValue();
            String keep = batches.get(0);
            store.moveEvents(keep, batches.subList(1, batches.size()));
            store.reopen(keep);
            store.commit();
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
        synchronized (confirmLock) {
            if (confirmations != null) {
                confirmations.close();
                confirmations = null;
            }
        }
        if (store != null) {
            if (owners != null) {
                owners.leave();
            }
            store.close();
            store = null;
        }
        owners = null;
        open.clear();
        super.doStop();
    }

    /** The shared database, when the state is in PostgreSQL ({@code StateSetup}); else the folder's H2. */
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

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
