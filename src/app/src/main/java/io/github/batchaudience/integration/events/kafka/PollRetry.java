package io.github.batchaudience.integration.events.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.batchaudience.integration.CappedBackoff;
import io.github.batchaudience.integration.ExchangeFailure;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka poll that failed is read again later, and nothing of it is committed: on the consumer's
 * thread, before camel-kafka polls again, every partition goes back to its committed offset and
 * the consumer is paused, still polling, so it keeps its partitions and its place in the group;
 * it is resumed after a delay that doubles with every failure in a row. A broker outage gets one
 * WARN when it starts and one INFO when it ends.
 */
final class PollRetry {
    /**
     * How long the consumer's thread waits for the brokers' answer about committed offsets: during
     * a broker outage it must fail and pause, not block for the client's default minute.
     */
    static final Duration BROKER_TIMEOUT = Duration.ofSeconds(10);

    /** The Kafka source's lines, under its own name. */
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEvents.class);

    private final CappedBackoff backoff = new CappedBackoff(1000, 60_000);
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean brokersAway = new AtomicBoolean();
    private ScheduledExecutorService scheduler;

    /** A poll was applied and committed: the outage or the failures before it are over. */
    void succeeded() {
        if (brokersAway.getAndSet(false)) {
            LOG.info("Kafka events: the brokers answer again");
        }
        if (failures.getAndSet(0) > 0) {
            LOG.info("Kafka events: the records that failed are applied now");
        }
    }

    /**
     * The poll failed: rewinds every partition to its committed offset (or to its beginning when
     * none was ever committed, as a new consumer would start) and pauses the consumer; resumes it
     * after the delay, when the records are read again. If this fails, camel-kafka's
     * breakOnFirstError reconnects the consumer instead, which also starts from the committed offsets.
     */
    void retryLater(CamelContext camel, Exchange exchange, KafkaPoll poll) {
        Throwable failure = ExchangeFailure.root(exchange);
        // The split's wrapper ("Multicast processing failed for number 0 …") says less than its cause.
        while (failure instanceof CamelExchangeException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        String reason = failure == null ? "unknown failure" : failure.getMessage();
        int n = failures.incrementAndGet();
        long delay = backoff.delay(n);
        Route route = camel.getRoute(exchange.getFromRouteId());
        KafkaConsumer consumer = route != null && route.getConsumer() instanceof KafkaConsumer kafka ? kafka : null;
        if (poll.consumer == null || consumer == null || camel.isStopping()) {
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
                         + " (tried every {} ms at most)", reason, poll.handedOver, backoff.getMax());
            } else {
                LOG.debug("Kafka events: the brokers still do not answer ({}); tried again in {} ms", reason, delay);
            }
        } else {
            LOG.warn("Kafka events: {} record(s) not applied ({}); nothing committed, the consumer keeps its partitions"
                     + " and reads them again in {} ms (failure {} in a row)", poll.handedOver, reason, delay, n);
        }
        resumeLater(camel, consumer, delay);
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
    static boolean rewind(Consumer<?, ?> consumer, Map<TopicPartition, Long> firstOffsets) {
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
    private void resumeLater(CamelContext camel, KafkaConsumer consumer, long delay) {
        scheduler(camel).schedule(() -> {
            if (consumer.isStoppingOrStopped() || !consumer.isSuspended()) {
                return;
            }
            if (!consumer.isKafkaPaused()) {
                resumeLater(camel, consumer, 20);
                return;
            }
            try {
                ServiceHelper.resumeService(consumer);
            } catch (RuntimeException e) {
                LOG.warn("Kafka events: could not resume the consumer ({}); tried again in {} ms", e.getMessage(),
                         backoff.getFirst());
                resumeLater(camel, consumer, backoff.getFirst());
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private synchronized ScheduledExecutorService scheduler(CamelContext camel) {
        if (scheduler == null) {
            // Camel's executor service manager shuts it down with the context.
            scheduler = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "KafkaEventsRetry");
        }
        return scheduler;
    }

    /** The first delay before the records of a failed poll are read again (ms). */
    void setRetryDelay(long retryDelay) {
        backoff.setFirst(retryDelay);
    }

    /** The longest delay before the records of a failed poll are read again (ms). */
    void setRetryMaxDelay(long retryMaxDelay) {
        backoff.setMax(retryMaxDelay);
    }
}
