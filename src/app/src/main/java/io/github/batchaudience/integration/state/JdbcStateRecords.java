package io.github.batchaudience.integration.state;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/** Records as rows of the shared database's {@code state_record} table, one kind to a name space. */
final class JdbcStateRecords implements StateRecords {
    private final DataSource dataSource;
    private final String kind;

    JdbcStateRecords(DataSource dataSource, String kind) {
        this.dataSource = dataSource;
        this.kind = kind;
    }

    @Override
    public void put(String name, Object value) throws IOException {
        String json = StateJson.MAPPER.writeValueAsString(value);
        update("INSERT INTO state_record (kind, name, body, written_at) VALUES (?, ?, ?, ?)"
               + " ON CONFLICT (kind, name) DO UPDATE SET body = EXCLUDED.body, written_at = EXCLUDED.written_at",
               "keep " + name, s -> {
                   s.setString(1, kind);
                   s.setString(2, name);
                   s.setString(3, json);
                   s.setLong(4, System.currentTimeMillis());
               });
    }

    @Override
    public <T> T get(String name, Class<T> type) throws IOException {
        String json;
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT body FROM state_record WHERE kind = ? AND name = ?")) {
            s.setString(1, kind);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                json = rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw failure("read " + name, e);
        }
        return json == null ? null : StateJson.MAPPER.readValue(json, type);
    }

    @Override
    public List<String> names() throws IOException {
        return namesWrittenSince(Long.MIN_VALUE);
    }

    @Override
    public List<String> namesWrittenSince(long epochMillis) throws IOException {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT name FROM state_record WHERE kind = ? AND written_at >= ?")) {
            s.setString(1, kind);
            s.setLong(2, epochMillis);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure("list the records", e);
        }
        return names;
    }

    /** In one query: the inbox's retry filter reads them all for every file it is shown. */
    @Override
    public <T> Map<String, T> all(Class<T> type) throws IOException {
        Map<String, String> bodies = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT name, body FROM state_record WHERE kind = ?")) {
            s.setString(1, kind);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    bodies.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw failure("read the records", e);
        }
        Map<String, T> all = new HashMap<>();
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            all.put(e.getKey(), StateJson.MAPPER.readValue(e.getValue(), type));
        }
        return all;
    }

    @Override
    public void remove(String name) throws IOException {
        update("DELETE FROM state_record WHERE kind = ? AND name = ?", "forget " + name, s -> {
            s.setString(1, kind);
            s.setString(2, name);
        });
    }

    @Override
    public void removeWrittenBefore(long epochMillis) throws IOException {
        update("DELETE FROM state_record WHERE kind = ? AND written_at < ?", "forget old records", s -> {
            s.setString(1, kind);
            s.setLong(2, epochMillis);
        });
    }

    private interface Parameters {
        void set(PreparedStatement s) throws SQLException;
    }

    private void update(String sql, String what, Parameters parameters) throws IOException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            parameters.set(s);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private IOException failure(String what, SQLException e) {
        return new IOException("could not " + what + " (" + kind + ") in the shared state database: " + e.getMessage(), e);
    }
}
