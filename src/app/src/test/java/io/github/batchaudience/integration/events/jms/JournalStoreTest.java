package io.github.batchaudience.integration.events.jms;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal's tables in the folder's H2 database: what is kept, in which order, and what a rollback undoes. */
class JournalStoreTest {
    @TempDir
    Path folder;

    private JournalStore store;

    @BeforeEach
    void open() throws Exception {
        store = JournalStore.inFolder(folder.toString());
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private void batch(String id, String audience, String... events) throws Exception {
        store.insertBatch(id, audience, null);
        store.appendEvents(id, List.of(events));
    }

    @Test
    void eventsAppendedInSeveralGoesReadBackInArrivalOrder() throws Exception {
        batch("b1", "vip", "e1", "e2");
        store.appendEvents("b1", List.of("e3"));
        store.commit();

        assertThat(store.eventsOf("b1")).containsExactly("e1", "e2", "e3");
        assertThat(store.audienceOf("b1")).isEqualTo("vip");
        assertThat(store.audienceOf("b9")).isNull();
        assertThat(store.isShared()).isFalse();
    }

    @Test
    void aWriteOfSeveralEventsIsOneRowAndReadsBackAsTheEventsAsTheyCame() throws Exception {
        String odd = "{\"id\":\"12:34\", \"n\":\n 1}";
        String group = "\u0001not an event, but a text the store must keep";
        batch("b1", "vip", "{\"id\":\"a\"}", odd, "", group);
        store.appendEvents("b1", List.of(group));
        store.appendEvents("b1", List.of());
        store.appendEvents("b1", List.of("{\"id\":\"z\"}"));
        store.commit();

        assertThat(store.eventsOf("b1")).containsExactly("{\"id\":\"a\"}", odd, "", group, group, "{\"id\":\"z\"}");
        try (Statement s = store.connection().createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM jms_event")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void aRowOfOneEventWrittenBeforeGroupsIsReadAsItIs() throws Exception {
        store.insertBatch("b1", "vip", null);
        try (Statement s = store.connection().createStatement()) {
            s.execute("INSERT INTO jms_event (seq, batch_id, event) VALUES (NEXT VALUE FOR jms_seq, 'b1', '{\"id\":\"old\"}')");
        }
        store.appendEvents("b1", List.of("{\"id\":\"new-1\"}", "{\"id\":\"new-2\"}"));
        store.commit();

        assertThat(store.eventsOf("b1")).containsExactly("{\"id\":\"old\"}", "{\"id\":\"new-1\"}", "{\"id\":\"new-2\"}");
    }

    @Test
    void aRowCutShortIsRefusedRatherThanReadAsFewerEvents() throws Exception {
        store.insertBatch("b1", "vip", null);
        try (Statement s = store.connection().createStatement()) {
            s.execute("INSERT INTO jms_event (seq, batch_id, event) VALUES (NEXT VALUE FOR jms_seq, 'b1', U&'\\00015:ab')");
            s.execute("INSERT INTO jms_batch (id, audience, completed, first_seq) VALUES ('b2', 'vip', FALSE, 0)");
            s.execute("INSERT INTO jms_event (seq, batch_id, event) VALUES (NEXT VALUE FOR jms_seq, 'b2', U&'\\00012:ab-1:x')");
        }
        store.commit();

        assertThatThrownBy(() -> store.eventsOf("b1"))
                .hasMessage("the JMS event journal " + folder + ", batch b1: a row is cut short at character 1");
        assertThatThrownBy(() -> store.eventsOf("b2")).hasMessageContaining("cut short at character 5");
    }

    @Test
    void onlyCompletedBatchesAreToBeSentOldestFirst() throws Exception {
        batch("b1", "vip", "e1");
        batch("b2", "churn", "e2");
        batch("b3", "vip", "e3");
        store.complete("b3");
        store.complete("b1");
        store.commit();

        assertThat(store.completedBatches(null)).containsExactly("b1", "b3");

        store.reopen("b1");
        store.commit();
        assertThat(store.completedBatches(null)).containsExactly("b3");
    }

    @Test
    void aRollbackUndoesWhatWasNotCommittedAndACommitOutlivesTheStore() throws Exception {
        batch("b1", "vip", "e1");
        store.commit();
        batch("b2", "churn", "e2");
        store.appendEvents("b1", List.of("e3"));
        store.rollback();

        assertThat(store.batchesByAudience()).containsExactly(Map.entry("vip", List.of("b1")));
        assertThat(store.eventsOf("b1")).containsExactly("e1");

        store.close();
        store = JournalStore.inFolder(folder.toString());
        assertThat(store.eventsOf("b1")).containsExactly("e1");
    }

    @Test
    void batchesAreListedByAudienceOldestFirst() throws Exception {
        batch("b1", "vip", "e1");
        batch("b2", "churn", "e2");
        batch("b3", "vip", "e3");
        store.commit();

        assertThat(store.batchesByAudience()).containsExactly(Map.entry("vip", List.of("b1", "b3")),
                                                              Map.entry("churn", List.of("b2")));
    }

    @Test
    void movedEventsKeepTheirOrderAndTheirBatchesAreDropped() throws Exception {
        batch("b1", "vip", "a", "b");
        batch("b2", "vip", "c");
        batch("b3", "vip", "d");
        store.moveEvents("b3", List.of("b1", "b2"));
        store.commit();

        assertThat(store.eventsOf("b3")).containsExactly("a", "b", "c", "d");
        assertThat(store.audienceOf("b1")).isNull();
        assertThat(store.audienceOf("b2")).isNull();
        assertThat(store.batchesByAudience()).containsExactly(Map.entry("vip", List.of("b3")));
    }

    @Test
    void aMergedBatchStartsWhereItsEarliestEventDoes() throws Exception {
        batch("b1", "vip", "a");
        batch("b2", "churn", "x");
        batch("b3", "vip", "c");
        store.moveEvents("b3", List.of("b1"));
        store.complete("b2");
        store.complete("b3");
        assertThat(store.completedBatches(null)).as("b3 started after b2").containsExactly("b2", "b3");

        store.startAtFirstEvent("b3");
        store.commit();

        assertThat(store.completedBatches(null)).as("b3 holds b1's event, older than b2").containsExactly("b3", "b2");
    }

    @Test
    void aDeletedBatchIsForgottenWithItsEvents() throws Exception {
        batch("b1", "vip", "e1", "e2");
        batch("b2", "vip", "e3");
        store.delete("b1");
        store.commit();

        assertThat(store.audienceOf("b1")).isNull();
        assertThat(store.eventsOf("b1")).isEmpty();
        assertThat(store.eventsOf("b2")).containsExactly("e3");
    }

    @Test
    void aClosedStoreRefusesSayingSo() throws Exception {
        store.close();

        assertThatThrownBy(() -> store.eventsOf("b1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }
}
