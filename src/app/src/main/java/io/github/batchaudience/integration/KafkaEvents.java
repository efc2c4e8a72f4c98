package io.github.batchaudience.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
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
 * dead-lettered), nothing is committed: the consumer is rewound to the offsets last committed and
 * paused, still polling, so it keeps its partitions and its place in the group, and resumed after
 * a delay that doubles with every failure in a row; the records are then polled and sent again
 * (writes are idempotent). A rebalance or a dead instance meanwhile hands the partitions to
 * another instance, which starts from the same committed offsets.
 */
public class KafkaEvents extends AudienceEvents {
    /** Dead-letter header: the record the event came in, {@code topic-partition@offset}. */
    public static final String DLQ_RECORD = "BatchAudienceDlqRecord";
    /** Exchange property of a poll: its {@link Poll}, shared with the exchanges of its batches. */
    static final String POLL = "batchKafkaPoll";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEvents.class);
    /**
     * How long the consumer's thread waits for the brokers' answer about committed offsets: during
     * a broker outage it must fail and pause, not block for the client's default minute.
     */
    static final Duration BROKER_TIMEOUT = Duration.ofSeconds(10);

    private long retryDelay = 1000;
    private long retryMaxDelay = 60_000;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean brokersAway = new AtomicBoolean();
    private ScheduledExecutorService scheduler;

    /** The events of one audience in a poll, in the order of its partition. */
    public static final class Batch {
        private final String audience;
        private final List<String> events = new ArrayList<>();

        Batch(String audience) {
            this.audience = audience;
        }

        public String getAudience() {
            return audience;
        }

        public List<String> getEvents() {
            return events;
        }
    }

    /** What one poll brought: its batches, its dead letters so far, and the offset to commit per partition. */
    static final class Poll {
        final List<Batch> batches = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        final Map<TopicPartition, KafkaManualCommit> commits = new LinkedHashMap<>();
        /** The first offset handed over of each partition: where a failed poll rewinds to without asking the brokers. */
        final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        org.apache.kafka.clients.consumer.Consumer<?, ?> consumer;
        /** Records camel-kafka handed over, counted before anything that may fail. */
        int handedOver;
        int records;
        int skipped;

        synchronized void deadLetters(List<DeadLetter> letters) {
            deadLetters.addAll(letters);
        }
    }

    /**
     * The records of a poll (camel-kafka's batch: a list of exchanges, one per record) become a
     * batch of events per audience; malformed records and invalid events become dead letters.
     * The batch fills over several polls, and a rebalance may happen in one of them, so left out
     * are: records of partitions this consumer no longer holds (their new owner reads them from
     * the last committed offset), records below a partition's committed offset (the partition went
     * to another instance, which applied and committed them, and came back), and records seen
     * twice (a partition given back and read again from its committed offset).
     */
    public List<Batch> read(Exchange exchange) {
        List<?> records = exchange.getIn().getBody(List.class);
        if (records == null) {
            throw new IllegalStateException("the Kafka consumer must hand over batches (batching=true)");
        }
        Poll poll = new Poll();
        exchange.setProperty(POLL, poll);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onFailure(Exchange failed) {
                retryLater(failed, poll);
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
                ? Map.of() : poll.consumer.committed(partitions, BROKER_TIMEOUT);
        Map<String, Batch> byAudience = new LinkedHashMap<>();
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

    private void read(Message record, String origin, Map<String, Batch> byAudience, Poll poll) {
        String text = record.getBody(String.class);
        Object key = record.getHeader(KafkaConstants.KEY);
        List<String> events;
        try {
            events = parse(text);
        } catch (MalformedEventException e) {
            poll.deadLetters.add(new DeadLetter(text == null ? "" : text, e.getKind(), e.getMessage(), null, origin, key));
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            String event = events.get(i);
            try {
                String audience = check(event, where(i, events.size()));
                byAudience.computeIfAbsent(audience, Batch::new).events.add(event);
            } catch (MalformedEventException e) {
                poll.deadLetters.add(new DeadLetter(event, e.getKind(), e.getMessage(), e.getAudience(), origin, key));
            }
        }
    }

    /** An audience's batch of the poll becomes the component's input (see {@link AudienceEvents#prepare}). */
    public void prepareBatch(Exchange exchange) {
        Batch batch = exchange.getIn().getBody(Batch.class);
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
        if (caught instanceof Exception) {
            throw (Exception) caught;
        }
        throw new IllegalStateException("the batch of " + exchange.getProperty(BATCH_AUDIENCE) + " failed", caught);
    }

    @Override
    protected List<String> batchEvents(Exchange exchange) {
        Batch batch = exchange.getIn().getBody(Batch.class);
        return batch == null ? List.of() : batch.getEvents();
    }

    @Override
    protected String batchAudience(Exchange exchange) {
        Batch batch = exchange.getIn().getBody(Batch.class);
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
        letter(in);
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
        Poll poll = poll(exchange);
        for (KafkaManualCommit commit : poll.commits.values()) {
            commit.commit();
        }
        if (brokersAway.getAndSet(false)) {
            LOG.info("Kafka events: the brokers answer again");
        }
        if (failures.getAndSet(0) > 0) {
            LOG.info("Kafka events: the records that failed are applied now");
        }
        LOG.debug("Kafka events: {} record(s) of {} partition(s), {} audience(s) applied and committed, {} dead letter(s)",
                  poll.records, poll.commits.size(), poll.batches.size(), poll.deadLetters.size());
    }

    private static Poll poll(Exchange exchange) {
        Poll poll = exchange.getProperty(POLL, Poll.class);
        if (poll == null) {
            throw new IllegalStateException("no Kafka poll on this exchange");
        }
        return poll;
    }

    /**
     * The poll failed: nothing of it is committed. On the consumer's thread, before camel-kafka
     * polls again: rewinds every partition to its committed offset (or to its beginning when none
     * was ever committed, as a new consumer would start) and pauses the consumer, which keeps
     * polling (paused, no records) and so keeps its partitions; resumes it after the delay, when
     * the records are read again. If this fails, camel-kafka's breakOnFirstError reconnects the
     * consumer instead, which also starts from the committed offsets.
     */
    void retryLater(Exchange exchange, Poll poll) {
        Throwable failure = SourceSupport.root(exchange);
        // The split's wrapper ("Multicast processing failed for number 0 …") says less than its cause.
        while (failure instanceof CamelExchangeException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        String reason = failure == null ? "unknown failure" : failure.getMessage();
        int n = failures.incrementAndGet();
        long delay = Math.min(retryMaxDelay, retryDelay << Math.min(n - 1, 30));
        if (delay <= 0) {
            delay = retryMaxDelay;
        }
        Consumer consumer = consumerOf(exchange);
        if (poll.consumer == null || !(consumer instanceof KafkaConsumer) || getCamelContext().isStopping()) {
            LOG.warn("Kafka events: {} record(s) not applied ({}); nothing committed, they are read again",
                     poll.handedOver, reason);
            return;
        }
        boolean brokersAnswered;
        try {
            brokersAnswered = rewind(poll.consumer, poll.firstOffsets);
            ServiceHelper.suspendService(consumer);
        } catch (Exception e) {
            LOG.warn("Kafka events: {} record(s) not applied ({}), and the consumer could not be rewound ({}); nothing"
                     + " committed, it reconnects and reads them again", poll.handedOver, reason, e.getMessage());
            return;
        }
        if (!brokersAnswered || isBrokerTimeout(failure)) {
            if (!brokersAway.getAndSet(true)) {
                LOG.warn("Kafka events: the brokers do not answer ({}); {} record(s) not applied, nothing committed. The"
                         + " consumer stays paused in its group, and reads them again once the brokers answer"
                         + " (tried every {} ms at most)", reason, poll.handedOver, retryMaxDelay);
            } else {
                LOG.debug("Kafka events: the brokers still do not answer ({}); tried again in {} ms", reason, delay);
            }
        } else {
            LOG.warn("Kafka events: {} record(s) not applied ({}); nothing committed, the consumer keeps its partitions"
                     + " and reads them again in {} ms (failure {} in a row)", poll.handedOver, reason, delay, n);
        }
        resumeLater((KafkaConsumer) consumer, delay);
    }

    /**
     * Puts every assigned partition back where the last commit left it. The brokers are asked for
     * the committed offsets; when they do not answer, each partition of the poll goes back to the
     * first offset the poll handed over (where the last commit left it: a poll starts there, and
     * the others' positions have not moved), so that a broker outage never makes camel-kafka
     * rebuild the consumer, a new group member that would wait for its old self's session to end.
     *
     * @return whether the brokers answered
     */
    static boolean rewind(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                          Map<TopicPartition, Long> firstOffsets) {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(assigned, BROKER_TIMEOUT);
        } catch (KafkaException unanswered) {
            firstOffsets.forEach((partition, offset) -> {
                if (assigned.contains(partition)) {
                    consumer.seek(partition, offset);
                }
            });
            return false;
        }
        List<TopicPartition> neverCommitted = new ArrayList<>();
        for (TopicPartition p : assigned) {
            OffsetAndMetadata offset = committed.get(p);
            if (offset == null) {
                neverCommitted.add(p);
            } else {
                consumer.seek(p, offset);
            }
        }
        if (!neverCommitted.isEmpty()) {
            consumer.seekToBeginning(neverCommitted);
        }
        return true;
    }

    private static boolean isBrokerTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Resumes the consumer after the delay, once camel-kafka has paused it (at the end of the failed poll). */
    private void resumeLater(KafkaConsumer consumer, long delay) {
        scheduler().schedule(() -> {
            if (consumer.isStoppingOrStopped() || !consumer.isSuspended()) {
                return;
            }
            if (!consumer.isKafkaPaused()) {
                resumeLater(consumer, 20);
                return;
            }
            try {
                ServiceHelper.resumeService(consumer);
            } catch (RuntimeException e) {
                LOG.warn("Kafka events: could not resume the consumer ({}); tried again in {} ms", e.getMessage(),
                         retryDelay);
                resumeLater(consumer, retryDelay);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private Consumer consumerOf(Exchange exchange) {
        Route route = getCamelContext().getRoute(exchange.getFromRouteId());
        return route == null ? null : route.getConsumer();
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            // Camel's executor service manager shuts it down with the context.
            scheduler = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "KafkaEventsRetry");
        }
        return scheduler;
    }

    @Override
    protected String subject(String audience) {
        return "Kafka events of " + audience;
    }

    /** The first delay before the records of a failed poll are read again (ms); it doubles with every failure in a row. */
    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    /** The longest delay before the records of a failed poll are read again (ms). */
    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }
}
