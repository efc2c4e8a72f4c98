package io.github.batchaudience.integration.state;

import java.nio.file.Path;

import io.github.batchaudience.BatchAudienceComponent;
import io.github.batchaudience.BatchAudienceConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Where the integration keeps its state, bound as the bean {@code batchState} before the routes
 * are built: files in the state folder ({@code batch.state}), as a single instance always has;
 * or, when {@code batch.state.jdbc.url} is set ({@code BATCH_STATE_JDBC_URL}), the PostgreSQL
 * database that every instance shares: then the indexing tokens, the inbox's settled files,
 * the sync snapshots (the component's snapshotRepository), the JMS event journal and the request
 * rate every instance shares (the component's sharedLimits) are there.
 */
public final class StateSetup {
    /** The bean the routes' state holders take their records from. */
    public static final String BEAN = "batchState";

    private StateSetup() {
    }

    public static void configure(CamelContext camel) throws Exception {
        PropertiesComponent properties = camel.getPropertiesComponent();
        String url = properties.resolveProperty("batch.state.jdbc.url").map(String::trim).orElse("");
        StateBackend backend;
        if (url.isEmpty()) {
            backend = StateBackend.files(Path.of(properties.resolveProperty("batch.state").orElse("data/state")));
        } else {
            StateDatabase database = new StateDatabase(new StateDatabase.Settings(
                    url, properties.resolveProperty("batch.state.jdbc.user").orElse(""),
                    properties.resolveProperty("batch.state.jdbc.password").orElse(""),
                    number(properties, "batch.state.jdbc.pool-size", 10),
                    number(properties, "batch.state.jdbc.connection-timeout", 30_000),
                    number(properties, "batch.state.jdbc.check-interval", 5_000)));
            // Started now, not with the context: the routes' beans need it while they are built.
            database.start();
            camel.addService(database, true, true);
            backend = StateBackend.database(database);
            BatchAudienceConfiguration component = camel.getComponent("batch-audience", BatchAudienceComponent.class)
                    .getConfiguration();
            component.setSnapshotRepository(new JdbcSnapshotRepository(database.dataSource()));
            component.setSharedLimits(new JdbcSharedLimits(database.dataSource()));
        }
        camel.getRegistry().bind(BEAN, backend);
    }

    private static int number(PropertiesComponent properties, String key, int byDefault) {
        return Integer.parseInt(properties.resolveProperty(key).map(String::trim).orElse(String.valueOf(byDefault)));
    }
}
