package io.github.batchaudience.integration.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.batchaudience.BatchAudienceConstants;
import io.github.batchaudience.BatchAudienceException;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.integration.AudienceIdType;
import io.github.batchaudience.integration.ExchangeFailure;
import io.github.batchaudience.integration.alerts.Alerts;
import io.github.batchaudience.integration.alerts.RejectedShareAlert;
import io.github.batchaudience.model.IdType;
import io.github.batchaudience.model.RejectedRow;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.github.batchaudience.BatchAudienceRules.printable;

/**
 * What the event sources (routes/jms.yaml, routes/kafka.yaml) share about a batch of one
 * audience: its events turned into the component's input, and its outcome, what goes to the
 * dead-letter destination and why. The subclasses say where the events and batches come from and
 * what a dead letter looks like on their broker; {@link EventReader} reads and checks the events.
 */
public abstract class AudienceEvents implements CamelContextAware {
    /** Exchange property of a batch: every event's text, in arrival order. */
    static final String EVENTS = "batchAudienceEvents";
    /** Exchange property of a batch: the text of each element sent, in the order of the component's input. */
    static final String SENT = "batchAudienceSent";
    /** Exchange property of a batch: its audience. */
    protected static final String BATCH_AUDIENCE = "batchAudienceOfBatch";

    /** Lines under the source's own name (JmsEvents, KafkaEvents). */
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final RejectedShareAlert rejectedShare = new RejectedShareAlert();
    private final Map<String, Optional<String>> idTypes = new ConcurrentHashMap<>();
    private CamelContext camelContext;
    private Alerts alerts;
    private String deadLetterQueue = "batch.audience.events.dlq";

    /** How the log lines and alerts of this source name an audience's events: "JMS events of NAME". */
    protected abstract String subject(String audience);

    /** The events of a batch whose exchange failed before {@link #prepare} ran. */
    protected abstract List<String> batchEvents(Exchange exchange);

    /** The audience of a batch whose exchange failed before {@link #prepare} ran. */
    protected abstract String batchAudience(Exchange exchange);

    /** Checks one event (see {@link EventReader#check}) against the ID types of the configuration. */
    protected String check(String text, String where) throws MalformedEventException {
        return EventReader.check(text, where, this::configuredIdType);
    }

    /**
     * A batch becomes the component's input: the last event of each ID wins (events are in arrival
     * order, and the API's own rule for 1.0, remove wins, would undo a later add), and the headers
     * say update of this audience, with its configured ID type.
     */
    protected void prepare(Exchange exchange, String audience, List<String> events) {
        exchange.setProperty(EVENTS, events);
        exchange.setProperty(BATCH_AUDIENCE, audience);
        String configured = configuredIdType(audience);
        boolean advertising = IdType.fromApi(configured) == IdType.advertising_ids;
        List<Map<String, Object>> parsed = new ArrayList<>(events.size());
        Map<String, Integer> last = new HashMap<>();
        for (String text : events) {
            Map<String, Object> element = EventReader.element(text);
            String id = String.valueOf(element.get("id"));
            last.put(advertising ? id.trim().toLowerCase(Locale.ROOT) : id, parsed.size());
            parsed.add(element);
        }
        List<Map<String, Object>> elements = new ArrayList<>(last.size());
        List<String> sent = new ArrayList<>(last.size());
        for (int i = 0; i < parsed.size(); i++) {
            Object id = parsed.get(i).get("id");
            String key = advertising ? String.valueOf(id).trim().toLowerCase(Locale.ROOT) : String.valueOf(id);
            if (last.get(key) == i) {
                elements.add(parsed.get(i));
                sent.add(events.get(i));
            }
        }
        exchange.setProperty(SENT, sent);
        Message in = exchange.getIn();
        in.setBody(elements);
        in.setHeader(BatchAudienceConstants.OPERATION, "update");
        in.setHeader(BatchAudienceConstants.AUDIENCE_NAME, audience);
        in.setHeader(BatchAudienceConstants.SOURCE_NAME, subject(audience));
        if (configured != null) {
            in.setHeader(BatchAudienceConstants.ID_TYPE, configured);
        }
    }

    /** The batch was applied: its rejected rows (if any) go to the dead-letter destination, which the body lists. */
    public List<DeadLetter> sent(Exchange exchange) {
        BatchAudienceResult result = exchange.getIn().getBody(BatchAudienceResult.class);
        List<?> events = exchange.getProperty(EVENTS, List.class);
        List<?> sent = exchange.getProperty(SENT, List.class);
        String audience = result.getAudience();
        log.info("{}: {} event(s), {} ID(s) sent in {} request(s), {} rejected", subject(audience), events.size(),
                 result.getIdsSent(), result.getWriteRequests(), result.getRejected());
        List<DeadLetter> letters = new ArrayList<>();
        for (RejectedRow row : result.getRejectedRows()) {
            int index = (int) row.getLine() - 1;
            if (index >= 0 && index < sent.size()) {
                letters.add(new DeadLetter(String.valueOf(sent.get(index)), DeadLetter.REJECTED, row.getReason(), audience));
            }
        }
        if (letters.size() < result.getRejected()) {
            log.warn("{}: {} rejected event(s) are not in the dead-letter destination (only the first {} rejected rows"
                     + " are kept: maxRejectedRowsKept)", subject(audience), result.getRejected() - letters.size(),
                     result.getRejectedRows().size());
        }
        rejectedShare.raiseIfExceeded(this::alerts, subject(audience), result, "events", "they are in " + deadLetterQueue);
        return letters;
    }

    /** Whether the batch's failure would happen again: then its events go to the dead-letter destination. */
    public boolean isPermanent(Exchange exchange) {
        return ExchangeFailure.isPermanent(ExchangeFailure.root(exchange));
    }

    /** The batch failed for good: an alert, and every one of its events goes to the dead-letter destination (the body). */
    public List<DeadLetter> failed(Exchange exchange) {
        Throwable failure = ExchangeFailure.root(exchange);
        String reason = failure == null ? "unknown failure" : failure.getMessage();
        String audience = exchange.getProperty(BATCH_AUDIENCE, String.class);
        if (audience == null) {
            audience = batchAudience(exchange);
        }
        if (failure instanceof BatchAudienceException && ((BatchAudienceException) failure).getAudience() != null) {
            audience = ((BatchAudienceException) failure).getAudience();
        }
        List<?> events = exchange.getProperty(EVENTS, List.class);
        if (events == null) {
            events = batchEvents(exchange);
        }
        alerts().raise(Alerts.EVENTS_FAILED, subject(audience), reason + "; its " + events.size()
                                                               + " event(s) are in " + deadLetterQueue);
        List<DeadLetter> letters = new ArrayList<>(events.size());
        for (Object event : events) {
            letters.add(new DeadLetter(String.valueOf(event), DeadLetter.FAILED, reason, audience));
        }
        return letters;
    }

    /** The line a dead letter gets: DEBUG for those of a failed batch (the alert named them), else WARN. */
    protected void logDeadLetter(String kind, Object audience, String origin, Object reason) {
        // The audience and the reason come from the event: on one line, whatever they hold.
        String shownAudience = audience == null ? null : printable(audience.toString());
        if (DeadLetter.FAILED.equals(kind)) {
            log.debug("To {}: an event of a failed batch of {}", deadLetterQueue, shownAudience);
        } else {
            log.warn("To {} ({}{}{}): {}", deadLetterQueue, kind, shownAudience == null ? "" : ", audience " + shownAudience,
                     origin == null ? "" : ", " + origin, printable(String.valueOf(reason)));
        }
    }

    /**
     * Read once per audience rather than for every event: each lookup is also recorded for Camel
     * Main's startup summary of the properties, which is not safe against lookups from other
     * threads while it is printed (the consumer is busy at once when messages wait).
     */
    String configuredIdType(String audience) {
        return idTypes.computeIfAbsent(audience, a -> Optional.ofNullable(AudienceIdType.configured(camelContext, a)))
                .orElse(null);
    }

    /** The alerts bean of routes/beans.yaml, looked up when first needed: route files load in no fixed order. */
    synchronized Alerts alerts() {
        if (alerts == null) {
            alerts = camelContext.getRegistry().lookupByNameAndType("alerts", Alerts.class);
            if (alerts == null) {
                throw new IllegalStateException("no bean named 'alerts' (routes/beans.yaml)");
            }
        }
        return alerts;
    }

    public void setAlerts(Alerts alerts) {
        this.alerts = alerts;
    }

    /** The dead-letter queue's or topic's name, for messages. */
    public void setDeadLetterQueue(String deadLetterQueue) {
        this.deadLetterQueue = deadLetterQueue;
    }

    /** Share of rejected events (0 to 1) in a batch beyond which an alert is raised. */
    public void setRejectedShareAlert(double rejectedShareAlert) {
        rejectedShare.setShare(rejectedShareAlert);
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
