package io.github.batchaudience.integration.state;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

import javax.sql.DataSource;

import io.github.batchaudience.SnapshotRepository;

/**
 * A sync snapshot being written to the shared database ({@link JdbcSnapshotRepository}): a new
 * generation, its chunks written as they fill, swapped in for the committed one by commit.
 */
final class PendingSnapshot extends OutputStream implements SnapshotRepository.Pending {
    /** The bytes of one row: a chunk. */
    private static final int CHUNK = 1 << 20;

    private final DataSource dataSource;
    private final String key;
    private final long generation;
    private final byte[] buffer = new byte[CHUNK];
    private int used;
    private int seq;
    private boolean prepared;
    private boolean done;

    PendingSnapshot(DataSource dataSource, String key, long generation) {
        this.dataSource = dataSource;
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
            throw JdbcSnapshotRepository.failure("write the snapshot " + key, e);
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
            throw JdbcSnapshotRepository.failure("commit the snapshot " + key, e);
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
            throw JdbcSnapshotRepository.failure("discard an unfinished snapshot of " + key, e);
        }
    }
}
