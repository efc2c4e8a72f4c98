package io.github.batchaudience.integration.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.github.batchaudience.SnapshotRepository;

/**
 * Sync snapshots in the shared PostgreSQL database, so that whichever instance syncs an audience
 * diffs against what the last sync, by any instance, applied. A snapshot's bytes are rows of
 * 1 MiB chunks under a generation number; a new generation is written while the old one stays
 * the committed one, and the commit swaps them and drops the old chunks in one transaction: a
 * reader sees the old snapshot or the new one, never a mix. The lock of a key is a PostgreSQL
 * advisory lock held by a connection for the whole sync: the database releases it if the
 * instance dies, so a dead instance never holds an audience.
 */
final class JdbcSnapshotRepository implements SnapshotRepository {
    private final DataSource dataSource;

    JdbcSnapshotRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Stored find(String key) throws IOException {
        long generation;
        long committedAt;
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT generation, committed_at FROM sync_snapshot WHERE snapshot_key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                generation = rs.getLong(1);
                committedAt = rs.getLong(2);
            }
        } catch (SQLException e) {
            throw failure("read the snapshot " + key, e);
        }
        return new Stored() {
            @Override
            public InputStream open() {
                return new SnapshotChunkInput(dataSource, generation);
            }

            @Override
            public long lastModified() {
                return committedAt;
            }

            @Override
            public String location() {
                return "sync_snapshot " + key + " (generation " + generation + ") in the shared state database";
            }
        };
    }

    @Override
    public Pending create(String key) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long generation;
            try (PreparedStatement s = c.prepareStatement("SELECT nextval('sync_snapshot_generation')");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                generation = rs.getLong(1);
            }
            // What a writer that died left behind (the caller holds the key: no live writer has it).
            try (PreparedStatement chunks = c.prepareStatement("DELETE FROM sync_snapshot_chunk WHERE generation IN"
                                                               + " (SELECT generation FROM sync_snapshot_pending WHERE snapshot_key = ?)");
                 PreparedStatement pending = c.prepareStatement("DELETE FROM sync_snapshot_pending WHERE snapshot_key = ?");
                 PreparedStatement begin = c.prepareStatement(
                         "INSERT INTO sync_snapshot_pending (generation, snapshot_key, started_at) VALUES (?, ?, ?)")) {
                chunks.setString(1, key);
                chunks.executeUpdate();
                pending.setString(1, key);
                pending.executeUpdate();
                begin.setLong(1, generation);
                begin.setString(2, key);
                begin.setLong(3, System.currentTimeMillis());
                begin.executeUpdate();
            }
            c.commit();
            return new PendingSnapshot(dataSource, key, generation);
        } catch (SQLException e) {
            throw failure("begin a snapshot of " + key, e);
        }
    }

    @Override
    public boolean wasInterrupted(String key) throws IOException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM sync_snapshot_pending WHERE snapshot_key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("read the snapshot " + key, e);
        }
    }

    @Override
    public Lock lock(String key) throws IOException {
        long id = lockId(key);
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw failure("lock the snapshot " + key, e);
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            s.setLong(1, id);
            s.execute();
        } catch (SQLException e) {
            discard(c);
            throw failure("lock the snapshot " + key, e);
        }
        return () -> {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                s.setLong(1, id);
                s.execute();
                c.close();
            } catch (SQLException e) {
                // A pooled connection must never go back to the pool still holding the lock.
                discard(c);
                throw failure("unlock the snapshot " + key, e);
            }
        };
    }

    private static void discard(Connection c) {
        try {
            c.abort(Runnable::run);
        } catch (SQLException ignored) {
            // Aborting is the last resort: the database drops the lock with the connection.
        }
    }

    /** The advisory lock's number: the first 8 bytes of the key's SHA-256. */
    private static long lockId(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("batch-audience snapshot " + key).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a failed statement becomes. */
    static IOException failure(String what, SQLException e) {
        return new IOException("could not " + what + " in the shared state database: " + e.getMessage(), e);
    }
}
