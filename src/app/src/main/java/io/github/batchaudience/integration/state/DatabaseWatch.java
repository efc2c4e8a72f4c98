package io.github.batchaudience.integration.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when the shared state database becomes unreachable, once, and when it is back, once:
 * while it is away the routes that need it wait and retry (nothing is lost), but without these
 * two lines an operator would only see the pool's own warnings.
 */
final class DatabaseWatch implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWatch.class);
    private static final int VALID_TIMEOUT_S = 5;

    private final DataSource dataSource;
    private final String shownUrl;
    private boolean reachable = true;
    private Instant lostAt;

    DatabaseWatch(DataSource dataSource, String shownUrl) {
        this.dataSource = dataSource;
        this.shownUrl = shownUrl;
    }

    @Override
    public void run() {
        String problem = null;
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(VALID_TIMEOUT_S)) {
                problem = "its connection is not valid";
            }
        } catch (SQLException | RuntimeException e) {
            problem = e.getMessage();
        }
        if (problem != null && reachable) {
            reachable = false;
            lostAt = Instant.now();
            LOG.warn("The shared state database {} is unreachable ({}): the inbox, status and event routes wait for it"
                     + " and try again; nothing is lost", shownUrl, problem);
        } else if (problem == null && !reachable) {
            reachable = true;
            LOG.info("The shared state database {} is reachable again, after {} s", shownUrl,
                     Duration.between(lostAt, Instant.now()).toSeconds());
        }
    }
}
