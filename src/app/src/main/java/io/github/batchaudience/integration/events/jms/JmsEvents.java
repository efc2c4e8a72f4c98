package io.github.batchaudience.integration.events.jms;

import java.util.List;

import io.github.batchaudience.integration.ExchangeFailure;
import io.github.batchaudience.integration.events.AudienceEvents;
import io.github.batchaudience.integration.events.DeadLetter;
import io.github.batchaudience.integration.events.EventReader;
import io.github.batchaudience.integration.events.MalformedEventException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The JMS source's steps (routes/jms.yaml): a message read into events, each event checked,
 * a batch of one audience (from the journal, {@link EventJournal}) turned into the component's
 * input, and the outcome of a batch: what goes to the dead-letter queue, and why.
 */
public class JmsEvents extends AudienceEvents {
    /** Header of an event: its audience, which the aggregator correlates on. */
    public static final String AUDIENCE = "batchJmsAudience";
    /** Dead-letter header: the JMSMessageID of the message the event came in. */
    public static final String DLQ_MESSAGE_ID = "BatchAudienceDlqMessageId";

    /** The events of a message (see {@link EventReader#parse}). */
    public List<String> events(Exchange exchange) throws MalformedEventException {
        return EventReader.parse(exchange.getIn().getBody(String.class));
    }

    /**
     * Checks one event of the split message as the API would, and sets its audience header for
     * the aggregator.
     */
    public void validate(Exchange exchange) throws MalformedEventException {
        String where = EventReader.where(exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class),
                                         exchange.getProperty(Exchange.SPLIT_SIZE, Integer.class));
        String audience = check(exchange.getIn().getBody(String.class), where);
        exchange.getIn().setHeader(AUDIENCE, audience);
    }

    /** A malformed message or invalid event, about to go to the dead-letter queue as it came: the reason as headers. */
    public void malformed(Exchange exchange) {
        EventMessageBinding.readAllHeaders(exchange);
        MalformedEventException failure = EventReader.malformedCause(exchange);
        Message in = exchange.getIn();
        String reason = failure == null ? String.valueOf(ExchangeFailure.root(exchange)) : failure.getMessage();
        in.setHeader(DeadLetter.REASON, reason);
        in.setHeader(DeadLetter.KIND, failure == null ? DeadLetter.MALFORMED : failure.getKind());
        if (failure != null && failure.getAudience() != null) {
            in.setHeader(DeadLetter.AUDIENCE, failure.getAudience());
        }
        Object messageId = in.getHeader("JMSMessageID");
        if (messageId != null) {
            in.setHeader(DLQ_MESSAGE_ID, messageId.toString());
        }
    }

    /** A completed batch of the journal becomes the component's input (see {@link AudienceEvents#prepare}). */
    public void prepareBatch(Exchange exchange) {
        prepare(exchange, batchAudience(exchange), batchEvents(exchange));
    }

    @Override
    protected List<String> batchEvents(Exchange exchange) {
        return List.copyOf(EventJournal.events(exchange));
    }

    @Override
    protected String batchAudience(Exchange exchange) {
        return exchange.getProperty(Exchange.AGGREGATED_CORRELATION_KEY, String.class);
    }

    /** Before a message goes to the dead-letter queue: an event of a batch becomes its text with the reason as headers. */
    public void deadLetter(Exchange exchange) {
        Message in = exchange.getIn();
        in.removeHeader(AUDIENCE);
        DeadLetter.toMessage(in);
        Object messageId = in.getHeader(DLQ_MESSAGE_ID);
        logDeadLetter(in.getHeader(DeadLetter.KIND, String.class), in.getHeader(DeadLetter.AUDIENCE),
                      messageId == null ? null : "message " + messageId, in.getHeader(DeadLetter.REASON));
    }

    @Override
    protected String subject(String audience) {
        return "JMS events of " + audience;
    }
}
