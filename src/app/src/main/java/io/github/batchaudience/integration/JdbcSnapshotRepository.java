package io.github.batchaudience.integration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

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
    private static final int CHUNK = 1 << 20;

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
                return new ChunkInput(generation);
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
            return new JdbcPending(key, generation);
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

    private static IOException failure(String what, SQLException e) {
        return new IOException("could not " + what + " in the shared state database: " + e.getMessage(), e);
    }

    /** A committed generation's bytes, a chunk at a time. */
    private final class ChunkInput extends InputStream {
        private final long generation;
        private int seq;
        private byte[] chunk = new byte[0];
        private int at;
        private boolean end;

        ChunkInput(long generation) {
            this.generation = generation;
        }

        private boolean fill() throws IOException {
            while (!end && at == chunk.length) {
                try (Connection c = dataSource.getConnection();
                     PreparedStatement s = c.prepareStatement(
                             "SELECT data FROM sync_snapshot_chunk WHERE generation = ? AND seq = ?")) {
                    s.setLong(1, generation);
                    s.setInt(2, seq);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            chunk = rs.getBytes(1);
                            at = 0;
                            seq++;
                        } else {
                            end = true;
                        }
                    }
                } catch (SQLException e) {
                    throw failure("read chunk " + seq + " of snapshot generation " + generation, e);
                }
            }
            return !end || at < chunk.length;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - at);
            System.arraycopy(chunk, at, b, off, n);
            at += n;
            return n;
        }
    }

    /** A new generation: chunks written as they fill, swapped in by commit. */
    private final class JdbcPending extends OutputStream implements Pending {
        private final String key;
        private final long generation;
        private final byte[] buffer = new byte[CHUNK];
        private int used;
        private int seq;
        private boolean prepared;
        private boolean done;

        JdbcPending(String key, long generation) {
            this.key = key;
            this.generation = generation;
        }

        @Override
        public OutputStream output() {
            return this;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == CHUNK) {
                writeChunk();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == CHUNK) {
                    writeChunk();
                }
                int n = Math.min(len, CHUNK - used);
                System.arraycopy(b, off, buffer, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        private void writeChunk() throws IOException {
            if (used == 0) {
                return;
            }
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement(
                         "INSERT INTO sync_snapshot_chunk (generation, seq, data) VALUES (?, ?, ?)")) {
                s.setLong(1, generation);
                s.setInt(2, seq);
                byte[] data = used == CHUNK ? buffer : Arrays.copyOf(buffer, used);
                s.setBytes(3, data);
                s.executeUpdate();
            } catch (SQLException e) {
                throw failure("write the snapshot " + key, e);
            }
            seq++;
            used = 0;
        }

        @Override
        public void prepare() throws IOException {
            // Each chunk was committed as it was written: once the last one is, all is durable.
            writeChunk();
            prepared = true;
        }

        @Override
        public void commit() throws IOException {
            if (!prepared) {
                throw new IllegalStateException("a snapshot is committed once prepared");
            }
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement old = c.prepareStatement("DELETE FROM sync_snapshot_chunk WHERE generation ="
                                                                + " (SELECT generation FROM sync_snapshot WHERE snapshot_key = ?)");
                     PreparedStatement swap = c.prepareStatement(
                             "INSERT INTO sync_snapshot (snapshot_key, generation, committed_at) VALUES (?, ?, ?)"
                             + " ON CONFLICT (snapshot_key) DO UPDATE SET generation = EXCLUDED.generation,"
                             + " committed_at = EXCLUDED.committed_at");
                     PreparedStatement pending = c.prepareStatement(
                             "DELETE FROM sync_snapshot_pending WHERE generation = ?")) {
                    old.setString(1, key);
                    old.executeUpdate();
                    swap.setString(1, key);
                    swap.setLong(2, generation);
                    swap.setLong(3, System.currentTimeMillis());
                    swap.executeUpdate();
                    pending.setLong(1, generation);
                    pending.executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw failure("commit the snapshot " + key, e);
            }
            done = true;
        }

        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement chunks = c.prepareStatement("DELETE FROM sync_snapshot_chunk WHERE generation = ?");
                     PreparedStatement pending = c.prepareStatement(
                             "DELETE FROM sync_snapshot_pending WHERE generation = ?")) {
                    chunks.setLong(1, generation);
                    chunks.executeUpdate();
                    pending.setLong(1, generation);
                    pending.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                throw failure("discard an unfinished snapshot of " + key, e);
            }
        }
    }
}
