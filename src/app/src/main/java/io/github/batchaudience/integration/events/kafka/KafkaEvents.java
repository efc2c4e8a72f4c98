package io.github.batchaudience.integration.events.kafka;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.batchaudience.integration.events.AudienceEvents;
import io.github.batchaudience.integration.events.DeadLetter;
import io.github.batchaudience.integration.events.EventReader;
import io.github.batchaudience.integration.events.MalformedEventException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka source's steps (routes/kafka.yaml). camel-kafka hands over one batch of records
 * (batching, manual commits); {@link #read} turns it into one batch of events per audience, in
 * the order of their partition, and the dead letters of malformed records and invalid events;
 * each audience's batch is applied and waited for; the dead letters go to the dead-letter topic;
 * only then does {@link #commit} commit the records' offsets.
 *
 * <p>When anything fails on the way (other than a batch that can never be applied, which is
 * dead-lettered), nothing is committed and the records are read again later ({@link PollRetry}).
 * A rebalance or a dead instance meanwhile hands the partitions to another instance, which starts
 * from the same committed offsets.
 */
public class KafkaEvents extends AudienceEvents {
    /** Dead-letter header: the record the event came in, {@code topic-partition@offset}. */
    public static final String DLQ_RECORD = "BatchAudienceDlqRecord";
    /** Exchange property of a poll: its {@link KafkaPoll}, shared with the exchanges of its batches. */
    static final String POLL = "batchKafkaPoll";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEvents.class);

    private final PollRetry retry = new PollRetry();

    /**
     * The records of a poll (camel-kafka's batch: a list of exchanges, one per record) become a
     * batch of events per audience; malformed records and invalid events become dead letters.
     * The batch fills over several polls, and a rebalance may happen in one of them, so left out
     * are: records of partitions this consumer no longer holds (their new owner reads them from
     * the last committed offset), records below a partition's committed offset (the partition went
     * to another instance, which applied and committed them, and came back), and records seen
     * twice (a partition given back and read again from its committed offset).
     */
    public List<AudienceBatch> read(Exchange exchange) {
        List<?> records = exchange.getIn().getBody(List.class);
        if (records == null) {
            throw new IllegalStateException("the Kafka consumer must hand over batches (batching=true)");
        }
        KafkaPoll poll = new KafkaPoll();
        exchange.setProperty(POLL, poll);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onFailure(Exchange failed) {
                retry.retryLater(getCamelContext(), failed, poll);
            }
        });
        Set<TopicPartition> partitions = new HashSet<>();
        for (Object o : records) {
            Message record = ((Exchange) o).getMessage();
            TopicPartition partition = partitionOf(record);
            partitions.add(partition);
            poll.firstOffsets.merge(partition, record.getHeader(KafkaConstants.OFFSET, Long.class), Math::min);
            poll.handedOver++;
            KafkaManualCommit commit = record.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (poll.consumer == null && commit instanceof DefaultKafkaManualCommit) {
                poll.consumer = ((DefaultKafkaManualCommit) commit).getCamelExchangePayload().consumer;
            }
        }
        // On the consumer's own thread, between two polls: neither can change meanwhile.
        Set<TopicPartition> assigned = poll.consumer == null ? null : poll.consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = poll.consumer == null || partitions.isEmpty()
                ? Map.of() : poll.consumer.committed(partitions, PollRetry.BROKER_TIMEOUT);
        Map<String, AudienceBatch> byAudience = new LinkedHashMap<>();
        Map<TopicPartition, Long> seen = new HashMap<>();
        for (Object o : records) {
            Message record = ((Exchange) o).getMessage();
            TopicPartition partition = partitionOf(record);
            long offset = record.getHeader(KafkaConstants.OFFSET, Long.class);
            OffsetAndMetadata done = committed.get(partition);
            Long last = seen.get(partition);
            if (assigned != null && !assigned.contains(partition) || done != null && offset < done.offset()
                || last != null && offset <= last) {
                poll.skipped++;
                continue;
            }
            seen.put(partition, offset);
            poll.records++;
            KafkaManualCommit commit = record.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit != null) {
                poll.commits.put(partition, commit);
            }
            read(record, partition + "@" + offset, byAudience, poll);
        }
        if (poll.skipped > 0) {
            LOG.info("Kafka events: {} record(s) left out of the batch: of partitions moved to another instance by a"
                     + " rebalance (which reads them from the last committed offset), committed already, or read"
                     + " twice", poll.skipped);
        }
        poll.batches.addAll(byAudience.values());
        return poll.batches;
    }

    private static TopicPartition partitionOf(Message record) {
        return new TopicPartition(record.getHeader(KafkaConstants.TOPIC, String.class),
                                  record.getHeader(KafkaConstants.PARTITION, Integer.class));
    }

    private void read(Message record, String origin, Map<String, AudienceBatch> byAudience, KafkaPoll poll) {
        String text = record.getBody(String.class);
        Object key = record.getHeader(KafkaConstants.KEY);
        List<String> events;
        try {
            events = EventReader.parse(text);
        } catch (MalformedEventException e) {
            poll.deadLetters.add(new DeadLetter(text == null ? "" : text, e.getKind(), e.getMessage(), null, origin, key));
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            String event = events.get(i);
            try {
                String audience = check(event, EventReader.where(i, events.size()));
                byAudience.computeIfAbsent(audience, AudienceBatch::new).getEvents().add(event);
            } catch (MalformedEventException e) {
                poll.deadLetters.add(new DeadLetter(event, e.getKind(), e.getMessage(), e.getAudience(), origin, key));
            }
        }
    }

    /** An audience's batch of the poll becomes the component's input (see {@link AudienceEvents#prepare}). */
    public void prepareBatch(Exchange exchange) {
        AudienceBatch batch = exchange.getIn().getBody(AudienceBatch.class);
        exchange.setProperty(BATCH_AUDIENCE, batch.getAudience());
        prepare(exchange, batch.getAudience(), List.copyOf(batch.getEvents()));
    }

    @Override
    public List<DeadLetter> sent(Exchange exchange) {
        List<DeadLetter> letters = super.sent(exchange);
        poll(exchange).deadLetters(letters);
        return letters;
    }

    @Override
    public List<DeadLetter> failed(Exchange exchange) {
        List<DeadLetter> letters = super.failed(exchange);
        poll(exchange).deadLetters(letters);
        return letters;
    }

    /**
     * A batch failed: when for good, its events are dead letters (see {@link #failed}) and the
     * poll goes on; any other failure is thrown again, failing the poll, which is read again later.
     */
    public List<DeadLetter> failedForGood(Exchange exchange) throws Exception {
        if (isPermanent(exchange)) {
            return failed(exchange);
        }
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Exception failure = caught instanceof Exception e ? e
                : new IllegalStateException("the batch of " + exchange.getProperty(BATCH_AUDIENCE) + " failed", caught);
        poll(exchange).failed(failure);
        throw failure;
    }

    /**
     * Every batch of the poll has ended (they run side by side, and each runs to its end): the
     * first that failed, other than for good, fails the poll, which is then read again later.
     */
    public void applied(Exchange exchange) throws Exception {
        Exception failure = poll(exchange).failure();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    protected List<String> batchEvents(Exchange exchange) {
        AudienceBatch batch = exchange.getIn().getBody(AudienceBatch.class);
        return batch == null ? List.of() : batch.getEvents();
    }

    @Override
    protected String batchAudience(Exchange exchange) {
        AudienceBatch batch = exchange.getIn().getBody(AudienceBatch.class);
        return batch == null ? null : batch.getAudience();
    }

    /** Every dead letter of the poll, once its batches are applied or dead-lettered. */
    public List<DeadLetter> deadLetters(Exchange exchange) {
        return List.copyOf(poll(exchange).deadLetters);
    }

    /**
     * Before a dead letter goes to the dead-letter topic: its text, keyed by its audience (the
     * record's own key when the audience could not be read), with the reason as headers and
     * nothing else of the exchange.
     */
    public void deadLetter(Exchange exchange) {
        Message in = exchange.getIn();
        DeadLetter letter = in.getBody(DeadLetter.class);
        in.getHeaders().clear();
        DeadLetter.toMessage(in);
        Object key = letter.getAudience() != null ? letter.getAudience() : letter.getOriginKey();
        if (key != null) {
            in.setHeader(KafkaConstants.KEY, key.toString());
        }
        if (letter.getOrigin() != null) {
            in.setHeader(DLQ_RECORD, letter.getOrigin());
        }
        logDeadLetter(letter.getKind(), letter.getAudience(), letter.getOrigin() == null ? null : "record " + letter.getOrigin(),
                      letter.getReason());
    }

    /** Every batch of the poll was applied and its dead letters written: the poll's offsets are committed. */
    public void commit(Exchange exchange) {
        KafkaPoll poll = poll(exchange);
        for (KafkaManualCommit commit : poll.commits.values()) {
            commit.commit();
        }
        retry.succeeded();
        LOG.debug("Kafka events: {} record(s) of {} partition(s), {} audience(s) applied and committed, {} dead letter(s)",
                  poll.records, poll.commits.size(), poll.batches.size(), poll.deadLetters.size());
    }

    private static KafkaPoll poll(Exchange exchange) {
        KafkaPoll poll = exchange.getProperty(POLL, KafkaPoll.class);
        if (poll == null) {
            throw new IllegalStateException("no Kafka poll on this exchange");
        }
        return poll;
    }

    @Override
    protected String subject(String audience) {
        return "Kafka events of " + audience;
    }

    /** The first delay before the records of a failed poll are read again (ms); it doubles with every failure in a row. */
    public void setRetryDelay(long retryDelay) {
        retry.setRetryDelay(retryDelay);
    }

    /** The longest delay before the records of a failed poll are read again (ms). */
    public void setRetryMaxDelay(long retryMaxDelay) {
        retry.setRetryMaxDelay(retryMaxDelay);
    }
}
