package io.github.batchaudience.integration.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.batchaudience.SharedLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * maxRequestsPerSecond and parallelRequests held by every instance sharing the PostgreSQL state.
 *
 * <p>The rate: the request turns of an account are handed out by the database, spaced by 1/rate
 * on its clock, one row per account. It is the component's own limiter moved to where every
 * instance sees it: one statement per request, which takes the row's lock, so two instances never
 * get the same turn.
 *
 * <p>The write slots: slot i of an account is a PostgreSQL advisory lock (the account, i), held by
 * a pooled connection for the write's duration. A dead instance's connection ends and the database
 * gives its slots back: no lease to expire, no slot lost. When every slot is taken, the write
 * tries again after a pause (2 ms, doubling up to 50): waiting on a lock would hold a connection
 * that the holders of the slots need for their turns. The pool must have room for the writes in
 * flight and a few more (batch.state.jdbc.pool-size, 10, against parallelRequests, 2).
 *
 * <p>When the database cannot be reached, requests go at this instance's own pace (the component's
 * limits already held them) and a warning says so once, until the database answers again: a state
 * outage must not stop the writes that the rest of the integration still accepts. The database is
 * asked again after a few seconds, not at every request, which would each wait the pool's
 * connection timeout.
 */
final class JdbcSharedLimits implements SharedLimits {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSharedLimits.class);
    private static final String NOW = "(extract(epoch FROM statement_timestamp()) * 1000000)::bigint";
    // The turn is the later of the row's next free time and now; the row then moves one interval on.
    private static final String TAKE_TURN = "INSERT INTO request_rate AS r (account, next_free_us) VALUES (?, " + NOW
                                            + " + ?) ON CONFLICT (account) DO UPDATE SET next_free_us = GREATEST("
                                            + "r.next_free_us, " + NOW + ") + ? RETURNING r.next_free_us - ? - " + NOW;
    private static final long ASK_AGAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long MAX_PAUSE_MS = 50;
    private static final Slot NO_SLOT = () -> {
    };

    private final DataSource dataSource;
    private volatile boolean unreachable;
    private volatile long askAgainAt;

    JdbcSharedLimits(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void awaitTurn(String account, double perSecond) throws InterruptedException {
        if (resting()) {
            return;
        }
        long intervalUs = (long) (TimeUnit.SECONDS.toMicros(1) / perSecond);
        long waitUs;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(TAKE_TURN)) {
            s.setString(1, account);
            s.setLong(2, intervalUs);
            s.setLong(3, intervalUs);
            s.setLong(4, intervalUs);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                waitUs = r.getLong(1);
            }
        } catch (SQLException e) {
            failed(e);
            return;
        }
        answered();
        if (waitUs > 0) {
            TimeUnit.MICROSECONDS.sleep(waitUs);
        }
    }

    @Override
    public Slot writeSlot(String account, int slots) throws InterruptedException {
        if (resting()) {
            return NO_SLOT;
        }
        int key = lockKey(account);
        int first = ThreadLocalRandom.current().nextInt(slots);
        long pauseMs = 2;
        try {
            while (true) {
                Connection c = dataSource.getConnection();
                int slot = -1;
                try {
                    slot = takeAny(c, key, first, slots);
                } finally {
                    if (slot < 0) {
                        c.close();
                    }
                }
                if (slot >= 0) {
                    return held(c, key, slot);
                }
                // A waiter holds no connection: the holders need theirs for their turns.
                TimeUnit.MILLISECONDS.sleep(pauseMs);
                pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
            }
        } catch (SQLException e) {
            failed(e);
            return NO_SLOT;
        }
    }

    /** The first slot free from {@code first} on, now held by the connection; -1 when every one is taken. */
    private static int takeAny(Connection c, int key, int first, int slots) throws SQLException {
        for (int n = 0; n < slots; n++) {
            int slot = (first + n) % slots;
            if (ask(c, "SELECT pg_try_advisory_lock(?, ?)", key, slot)) {
                return slot;
            }
        }
        return -1;
    }

    private Slot held(Connection c, int key, int slot) {
        answered();
        return () -> {
            try {
                ask(c, "SELECT pg_advisory_unlock(?, ?)", key, slot);
                c.close();
            } catch (SQLException e) {
                // A connection that kept the lock must not go back to the pool: ended, it gives the slot back.
                try {
                    c.abort(Runnable::run);
                } catch (SQLException ignored) {
                    // Already gone, and the lock with it.
                }
            }
        };
    }

    /** Runs one of PostgreSQL's advisory lock functions on (key, slot): whether it took or gave back the lock. */
    private static boolean ask(Connection c, String sql, int key, int slot) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, key);
            s.setInt(2, slot);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    /** The advisory lock's first key: the account's name is a hex digest already, its first 32 bits do. */
    private static int lockKey(String account) {
        return HexFormat.fromHexDigits(account, 0, 8);
    }

    private boolean resting() {
        return unreachable && System.nanoTime() - askAgainAt < 0;
    }

    private void failed(SQLException e) {
        askAgainAt = System.nanoTime() + ASK_AGAIN_NANOS;
        if (!unreachable) {
            unreachable = true;
            LOG.warn("The shared request limits cannot be read from the state database ({}): each instance holds"
                     + " maxRequestsPerSecond and parallelRequests on its own until it answers again", e.getMessage());
        }
    }

    private void answered() {
        if (unreachable) {
            unreachable = false;
            LOG.info("The shared request limits are read from the state database again");
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // The failure that brought us here is the one reported.
            }
        }
    }
}
