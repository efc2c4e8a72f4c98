package io.github.batchaudience.integration.state;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database that instances share their state in ({@code BATCH_STATE_JDBC_URL}): a
 * HikariCP pool, and the schema brought to this version's by Flyway when it starts (the
 * migrations in {@code db/batch-state}, each applied once, in a transaction, under Flyway's lock:
 * instances starting together migrate it once). The password is given to the pool only; it is
 * never part of a message.
 */
final class StateDatabase extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(StateDatabase.class);

    /**
     * @param connectionTimeoutMs how long a route waits for a connection before it fails (and retries)
     * @param checkIntervalMs     how often {@link DatabaseWatch} checks that the database answers
     */
    record Settings(String url, String user, String password, int poolSize, long connectionTimeoutMs,
                           long checkIntervalMs) {
        @Override
        public String toString() {
            // Never the password, nor the URL's parameters, which may hold one.
            return "StateDatabase.Settings[" + withoutParameters(url) + "]";
        }
    }

    private final String url;
    private final String user;
    private final String password;
    private final int poolSize;
    private final long connectionTimeoutMs;
    private final long checkIntervalMs;
    private HikariDataSource dataSource;
    private ScheduledExecutorService watch;

    StateDatabase(Settings settings) {
        this.url = settings.url();
        this.user = settings.user();
        this.password = settings.password();
        this.poolSize = settings.poolSize();
        this.connectionTimeoutMs = settings.connectionTimeoutMs();
        this.checkIntervalMs = settings.checkIntervalMs();
    }

    DataSource dataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("the shared state database is not started");
        }
        return dataSource;
    }

    @Override
    protected void doStart() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        // Unset rather than empty: then the URL's own user and password parameters, if any, count.
        config.setUsername(user == null || user.isEmpty() ? null : user);
        config.setPassword(password == null || password.isEmpty() ? null : password);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(connectionTimeoutMs);
        config.setPoolName("batch-state");
        // An unreachable database fails the start at once, with the driver's reason.
        config.setInitializationFailTimeout(1);
        try {
            dataSource = new HikariDataSource(config);
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/batch-state")
                    .table("batch_state_schema_history")
                    .load()
                    .migrate();
            LOG.info("Shared state in {}: schema version {} ({} migration(s) applied now)", withoutParameters(url),
                     result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                     result.migrationsExecuted);
            watch = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "batch-state-watch");
                t.setDaemon(true);
                return t;
            });
            watch.scheduleWithFixedDelay(new DatabaseWatch(dataSource, withoutParameters(url)), checkIntervalMs,
                                         checkIntervalMs, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            doStop();
            throw new IllegalStateException("the shared state database " + withoutParameters(url) + " cannot be used: "
                                            + e.getMessage(), e);
        }
    }

    /** The URL without its parameters, which may hold a password: what messages show. */
    private static String withoutParameters(String url) {
        int at = url.indexOf('?');
        return at < 0 ? url : url.substring(0, at) + "?…";
    }

    @Override
    protected void doStop() {
        if (watch != null) {
            watch.shutdownNow();
            watch = null;
        }
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
    }
}
