package io.github.batchaudience.integration.events.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.batchaudience.integration.events.DeadLetter;
import io.github.batchaudience.integration.testsupport.TestEvents.Event;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualSyncCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a batch of records becomes batches of events per audience, on a mock consumer: what a
 * rebalance during the batch's filling leaves out, and the dead letters of bad records.
 */
class KafkaEventsTest {
    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);
    private static final TopicPartition P2 = new TopicPartition("events", 2);

    private CamelContext camel;
    private KafkaEvents events;
    private OutageConsumer consumer;
    private final List<Exchange> records = new ArrayList<>();

    @BeforeEach
    void setUp() {
        camel = new DefaultCamelContext();
        camel.start();
        events = new KafkaEvents();
        events.setCamelContext(camel);
        consumer = new OutageConsumer();
    }

    @AfterEach
    void tearDown() {
        camel.stop();
    }

    @Test
    void eventsAreGroupedPerAudienceInTheOrderOfTheirPartitionAndBadOnesBecomeDeadLetters() {
        consumer.assign(List.of(P0, P1));
        record(P0, 0, "a", Event.add("a", "1", Map.of(), List.of()).json());
        record(P1, 0, "b", Event.add("b", "1", Map.of(), List.of()).json());
        record(P0, 1, "a", "[" + Event.remove("a", "1").json() + ",{\"audience\":\"a\",\"action\":\"add\"}]");
        record(P1, 1, "b", "not JSON");
        record(P0, 2, "a", Event.add("a", "2", Map.of(), List.of()).json());

        List<AudienceBatch> batches = events.read(poll());

        assertThat(batches).extracting(AudienceBatch::getAudience).containsExactly("a", "b");
        assertThat(batches.get(0).getEvents()).containsExactly(Event.add("a", "1", Map.of(), List.of()).json(),
                                                              Event.remove("a", "1").json(),
                                                              Event.add("a", "2", Map.of(), List.of()).json());
        List<DeadLetter> letters = lastPoll().deadLetters;
        assertThat(letters).extracting(DeadLetter::getKind).containsExactly("invalid", "malformed");
        assertThat(letters.get(0).getReason()).startsWith("element 2 of 2: ").contains("no id");
        assertThat(letters.get(0).getAudience()).isEqualTo("a");
        assertThat(letters.get(0).getOrigin()).isEqualTo("events-0@1");
        assertThat(letters.get(1).getAudience()).isNull();
        assertThat(letters.get(1).getOriginKey()).isEqualTo("b");
        assertThat(letters.get(1).getOrigin()).isEqualTo("events-1@1");
        // One offset to commit per partition: its last record's.
        assertThat(lastPoll().commits.keySet()).containsExactly(P0, P1);
        assertThat(lastPoll().records).isEqualTo(5);
    }

    @Test
    void recordsOfAPartitionMovedAwayCommittedElsewhereOrReadTwiceAreLeftOut() {
        // P2 went to another instance; P1 went away and came back, committed up to 2 meanwhile;
        // P0 was given back at once and read again from its committed offset.
        consumer.assign(List.of(P0, P1));
        consumer.commitSync(Map.of(P1, new OffsetAndMetadata(2)));
        record(P0, 5, "a", Event.add("a", "1", Map.of(), List.of()).json());
        record(P1, 0, "b", Event.add("b", "old", Map.of(), List.of()).json());
        record(P2, 0, "c", Event.add("c", "1", Map.of(), List.of()).json());
        record(P0, 6, "a", Event.add("a", "2", Map.of(), List.of()).json());
        record(P1, 2, "b", Event.add("b", "new", Map.of(), List.of()).json());
        record(P0, 5, "a", Event.add("a", "1", Map.of(), List.of()).json());
        record(P0, 6, "a", Event.add("a", "2", Map.of(), List.of()).json());
        record(P0, 7, "a", Event.add("a", "3", Map.of(), List.of()).json());

        List<AudienceBatch> batches = events.read(poll());

        assertThat(batches).extracting(AudienceBatch::getAudience).containsExactly("a", "b");
        assertThat(batches.get(0).getEvents()).hasSize(3).allMatch(e -> e.contains("\"a\""));
        assertThat(batches.get(1).getEvents()).containsExactly(Event.add("b", "new", Map.of(), List.of()).json());
        assertThat(lastPoll().skipped).isEqualTo(4);
        assertThat(lastPoll().commits.keySet()).containsExactlyInAnyOrder(P0, P1);
    }

    @Test
    void theRecordsHandedOverAreCountedWhenTheBrokersDoNotAnswer() {
        consumer.assign(List.of(P0, P1));
        record(P0, 0, "a", Event.add("a", "1", Map.of(), List.of()).json());
        record(P1, 0, "b", Event.add("b", "1", Map.of(), List.of()).json());
        record(P0, 1, "a", Event.add("a", "2", Map.of(), List.of()).json());
        consumer.away = true;

        assertThatThrownBy(() -> events.read(poll())).isInstanceOf(TimeoutException.class);
        assertThat(lastPoll().handedOver).isEqualTo(3);
        assertThat(lastPoll().firstOffsets).isEqualTo(Map.of(P0, 0L, P1, 0L));
    }

    @Test
    void aFailedPollIsRewoundToWhereTheLastCommitLeftIt() {
        consumer.assign(List.of(P0, P1, P2));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L, P2, 0L));
        consumer.commitSync(Map.of(P0, new OffsetAndMetadata(4)));
        consumer.seek(P0, 9);
        consumer.seek(P1, 6);
        consumer.seek(P2, 2);

        assertThat(PollRetry.rewind(consumer, Map.of(P0, 4L, P1, 0L))).isTrue();
        assertThat(List.of(consumer.position(P0), consumer.position(P1), consumer.position(P2))).containsExactly(4L, 0L, 0L);
    }

    /** The brokers away: the consumer is not rebuilt (camel-kafka would, were the rewind to throw). */
    @Test
    void withoutTheBrokersAFailedPollIsRewoundToItsFirstOffsets() {
        consumer.assign(List.of(P0, P1));
        consumer.seek(P0, 9);
        consumer.seek(P1, 6);
        consumer.away = true;

        // P2's records were handed over before a rebalance took it away: it is not this consumer's to seek.
        assertThat(PollRetry.rewind(consumer, Map.of(P0, 4L, P1, 3L, P2, 1L))).isFalse();
        assertThat(consumer.position(P0)).isEqualTo(4);
        assertThat(consumer.position(P1)).isEqualTo(3);
    }

    /** A consumer whose brokers stop answering on demand. */
    private static final class OutageConsumer extends MockConsumer<Object, Object> {
        volatile boolean away;

        OutageConsumer() {
            super(OffsetResetStrategy.EARLIEST);
        }

        @Override
        public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions,
                                                                          Duration timeout) {
            if (away) {
                throw new TimeoutException("Timeout of " + timeout.toMillis() + "ms expired before the last committed"
                                           + " offset for partitions " + partitions + " could be determined");
            }
            return super.committed(partitions, timeout);
        }
    }

    // ---- a poll as camel-kafka hands it over

    private Exchange lastExchange;

    private Exchange poll() {
        lastExchange = new DefaultExchange(camel);
        lastExchange.getIn().setBody(new ArrayList<>(records));
        return lastExchange;
    }

    private KafkaPoll lastPoll() {
        return lastExchange.getProperty(KafkaEvents.POLL, KafkaPoll.class);
    }

    private void record(TopicPartition partition, long offset, String key, String value) {
        Exchange record = new DefaultExchange(camel);
        record.getIn().setBody(value);
        record.getIn().setHeader(KafkaConstants.TOPIC, partition.topic());
        record.getIn().setHeader(KafkaConstants.PARTITION, partition.partition());
        record.getIn().setHeader(KafkaConstants.OFFSET, offset);
        record.getIn().setHeader(KafkaConstants.KEY, key);
        record.getIn().setHeader(KafkaConstants.MANUAL_COMMIT, new DefaultKafkaManualSyncCommit(
                new KafkaManualCommitFactory.CamelExchangePayload(record, consumer, "test", null),
                new KafkaManualCommitFactory.KafkaRecordPayload(partition, offset, 1000), null));
        records.add(record);
    }
}
