package io.github.batchaudience.integration.state;

import io.github.batchaudience.integration.testsupport.TestPostgres;

/** The state's pooled database, as the integration opens it, on a new database of a test's PostgreSQL server. */
final class TestStateDatabases {
    private TestStateDatabases() {
    }

    /** Started, with a pool of 4 and the test server's user; the caller stops it. */
    static StateDatabase start(TestPostgres postgres, String name) throws Exception {
        StateDatabase.Settings settings = new StateDatabase.Settings(postgres.createDatabase(name), TestPostgres.USER,
                                                                     TestPostgres.PASSWORD, 4, 30_000, 5_000);
        StateDatabase database = new StateDatabase(settings);
        database.start();
        return database;
    }
}
