package io.github.batchaudience.integration.events.jms;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.batchaudience.integration.state.StateBackend;
import io.github.batchaudience.integration.state.StateSetup;
import io.github.batchaudience.integration.testsupport.TestPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two runs sharing the journal in PostgreSQL (the schema Flyway makes at start): a gone run's
 * batches are adopted, a live run's are not, and an audience's earlier batches go before a later
 * one, merged into it, or make it wait while a live run holds them.
 */
class JournalOwnersIT {
    static TestPostgres postgres;
    static CamelContext camel;
    static DataSource dataSource;

    private final List<JournalStore> stores = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.start();
        camel = new DefaultCamelContext();
        Properties settings = new Properties();
        settings.putAll(postgres.settings(postgres.createDatabase("journal_owners")));
        camel.getPropertiesComponent().setInitialProperties(settings);
        StateSetup.configure(camel);
        camel.start();
        dataSource = camel.getRegistry().lookupByNameAndType(StateSetup.BEAN, StateBackend.class).dataSource();
    }

    @AfterAll
    static void stop() throws Exception {
        camel.stop();
        postgres.close();
    }

    @BeforeEach
    void emptyJournal() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM jms_event");
            s.execute("DELETE FROM jms_batch");
            s.execute("DELETE FROM jms_instance");
        }
    }

    @AfterEach
    void closeStores() throws Exception {
        for (JournalStore store : stores) {
            store.close();
        }
    }

    /** A run of its own on the shared journal, alive. */
    private JournalOwners run(long takeoverAfter) throws Exception {
        JournalStore store = JournalStore.shared("journal", dataSource);
        stores.add(store);
        JournalOwners owners = new JournalOwners(store, takeoverAfter);
        owners.join();
        return owners;
    }

    private JournalStore storeOf(int run) {
        return stores.get(run);
    }

    private void batch(int run, JournalOwners owners, String id, String audience, String... events) throws Exception {
        storeOf(run).insertBatch(id, audience, owners.owner());
        storeOf(run).appendEvents(id, List.of(events));
        storeOf(run).commit();
    }

    @Test
    void aLiveRunKeepsItsBatchesAndASilentOneLosesThemOnceItsTimeIsUp() throws Exception {
        JournalOwners first = run(1_000);
        JournalOwners second = run(1_000);
        batch(0, first, "b1", "vip", "e1");

        second.heartbeat();
        assertThat(storeOf(1).completedBatches(second.owner())).as("the first run is alive").isEmpty();

        // The first run beats no more: once it has been silent for takeoverAfter, its batch is adopted.
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            second.heartbeat();
            return storeOf(1).completedBatches(second.owner()).contains("b1");
        });
        assertThat(storeOf(1).eventsOf("b1")).containsExactly("e1");
    }

    @Test
    void theBatchesOfARunThatLeftAreAdoptedAtOnceAsCompletedBatches() throws Exception {
        JournalOwners first = run(60_000);
        JournalOwners second = run(60_000);
        batch(0, first, "b1", "vip", "e1");
        batch(0, first, "b2", "churn", "e2");

        first.leave();
        second.heartbeat();

        assertThat(storeOf(1).completedBatches(second.owner())).containsExactly("b1", "b2");
        assertThat(storeOf(1).completedBatches(first.owner())).isEmpty();
    }

    @Test
    void anAudiencesEarlierBatchesOfThisRunAreMergedIntoTheLaterOneBeforeItIsSent() throws Exception {
        JournalOwners run = run(60_000);
        batch(0, run, "b1", "vip", "a", "b");
        batch(0, run, "b2", "churn", "x");
        batch(0, run, "b3", "vip", "c");

        assertThat(run.takeTurn("b3", "vip")).containsExactly("a", "b", "c");
        assertThat(storeOf(0).audienceOf("b1")).isNull();
        assertThat(storeOf(0).eventsOf("b2")).as("another audience's batch stays").containsExactly("x");
        assertThat(run.takeTurn("b3", "vip")).as("nothing earlier any more").isNull();
        assertThat(storeOf(0).batchesByAudience().keySet()).as("b3 now starts where b1 did").containsExactly("vip", "churn");
    }

    @Test
    void aBatchWaitsWhileALiveRunHoldsAnEarlierOneOfItsAudienceThenTakesItOnceThatRunLeft() throws Exception {
        JournalOwners first = run(60_000);
        JournalOwners second = run(60_000);
        batch(0, first, "b1", "vip", "a");
        batch(1, second, "b2", "vip", "b");

        assertThatThrownBy(() -> second.takeTurn("b2", "vip")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("being sent by another instance");
        assertThat(storeOf(1).eventsOf("b2")).as("nothing merged").containsExactly("b");

        first.leave();
        assertThat(second.takeTurn("b2", "vip")).containsExactly("a", "b");
    }
}
