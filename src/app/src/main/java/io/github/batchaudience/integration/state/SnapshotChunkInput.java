package io.github.batchaudience.integration.state;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * A sync snapshot read back from the shared database ({@link JdbcSnapshotRepository}): a committed
 * generation's bytes, a chunk at a time.
 */
final class SnapshotChunkInput extends InputStream {
    private final DataSource dataSource;
    private final long generation;
    private int seq;
    private byte[] chunk = new byte[0];
    private int at;
    private boolean end;

    SnapshotChunkInput(DataSource dataSource, long generation) {
        this.dataSource = dataSource;
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
                throw JdbcSnapshotRepository.failure("read chunk " + seq + " of snapshot generation " + generation, e);
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
