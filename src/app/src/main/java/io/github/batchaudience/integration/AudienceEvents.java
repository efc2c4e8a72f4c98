package io.github.batchaudience.integration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.batchaudience.BatchAudienceConstants;
import io.github.batchaudience.BatchAudienceException;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.BatchAudienceRules;
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
 * What the event sources (routes/jms.yaml, routes/kafka.yaml) share: a message read into events,
 * each event checked, a batch of one audience turned into the component's input, and the outcome
 * of a batch: what goes to the dead-letter destination, and why. The subclasses say where the
 * events and batches come from and what a dead letter looks like on their broker.
 *
 * <p>An event is {@code {"audience":"…","action":"add"|"remove","id":"…","attributes":{…},"tags":[…]}};
 * a message holds one, or a JSON array of them.
 */
public abstract class AudienceEvents implements CamelContextAware {
    /** Dead-letter header: why the message is there. */
    public static final String DLQ_REASON = "BatchAudienceDlqReason";
    /** Dead-letter header: {@code malformed} (the message), {@code invalid} (an event of it),
     *  {@code rejected} (refused at send time) or {@code failed} (its batch failed permanently). */
    public static final String DLQ_KIND = "BatchAudienceDlqKind";
    /** Dead-letter header: the event's audience, when it could be read. */
    public static final String DLQ_AUDIENCE = "BatchAudienceDlqAudience";
    static final String MALFORMED = "malformed";
    static final String INVALID = "invalid";
    static final String REJECTED = "rejected";
    static final String FAILED = "failed";
    /** Exchange property of a batch: every event's text, in arrival order. */
    static final String EVENTS = "batchAudienceEvents";
    /** Exchange property of a batch: the text of each element sent, in the order of the component's input. */
    static final String SENT = "batchAudienceSent";
    /** Exchange property of a batch: its audience. */
    static final String BATCH_AUDIENCE = "batchAudienceOfBatch";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** Lines under the source's own name (JmsEvents, KafkaEvents). */
    private final Logger log = LoggerFactory.getLogger(getClass());
    private CamelContext camelContext;
    private Alerts alerts;
    private String deadLetterQueue = "batch.audience.events.dlq";
    private double rejectedShareAlert = 0.05;
    private final Map<String, Optional<String>> idTypes = new ConcurrentHashMap<>();

    /** An event dead-lettered: its text, why, and (when known) its audience and where it came from. */
    public static final class DeadLetter {
        private final String event;
        private final String kind;
        private final String reason;
        private final String audience;
        private final String origin;
        private final Object originKey;

        DeadLetter(String event, String kind, String reason, String audience) {
            this(event, kind, reason, audience, null, null);
        }

        DeadLetter(String event, String kind, String reason, String audience, String origin, Object originKey) {
            this.event = event;
            this.kind = kind;
            this.reason = reason;
            this.audience = audience;
            this.origin = origin;
            this.originKey = originKey;
        }

        public String getEvent() {
            return event;
        }

        public String getKind() {
            return kind;
        }

        public String getReason() {
            return reason;
        }

        public String getAudience() {
            return audience;
        }

        /** Where the event came from (a Kafka record's topic-partition@offset), or null. */
        public String getOrigin() {
            return origin;
        }

        /** The key of the message it came in (a Kafka record's key), or null. */
        public Object getOriginKey() {
            return originKey;
        }
    }

    /** How the log lines and alerts of this source name an audience's events: "JMS events of NAME". */
    protected abstract String subject(String audience);

    /** The events of a batch whose exchange failed before {@link #prepare} ran. */
    protected abstract List<String> batchEvents(Exchange exchange);

    /** The audience of a batch whose exchange failed before {@link #prepare} ran. */
    protected abstract String batchAudience(Exchange exchange);

    // ---- a message and its events

    /**
     * The events of a message: a JSON object is one event, kept as it came; an array holds one
     * per element. Anything else is malformed as a whole.
     */
    static List<String> parse(String text) throws MalformedEventException {
        if (text == null || text.isBlank()) {
            throw new MalformedEventException(MALFORMED, null, "empty message");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(MALFORMED, null, "not JSON: " + e.getOriginalMessage());
        }
        if (node.isObject()) {
            return List.of(text);
        }
        if (!node.isArray()) {
            throw new MalformedEventException(MALFORMED, null, "not a JSON object or an array of them, but "
                                                              + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        List<String> events = new ArrayList<>(node.size());
        node.forEach(element -> events.add(element.toString()));
        return events;
    }

    /**
     * Checks one event as the API would (audience name, action, ID and, when the audience's ID type
     * is configured, everything else) and returns its audience; {@code where} starts the reason
     * of a refusal ("element 2 of 3: ", or nothing).
     */
    String check(String text, String where) throws MalformedEventException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(INVALID, null, where + "not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new MalformedEventException(INVALID, null, where + "not a JSON object");
        }
        ObjectNode element = ((ObjectNode) node).deepCopy();
        JsonNode audienceNode = element.remove("audience");
        if (audienceNode == null || audienceNode.isNull()) {
            throw new MalformedEventException(INVALID, null, where + "no audience");
        }
        if (!audienceNode.isTextual()) {
            throw new MalformedEventException(INVALID, null, where + "audience must be a string");
        }
        String audience = audienceNode.asText();
        String badName = BatchAudienceRules.audienceNameProblem(audience);
        if (badName != null) {
            throw new MalformedEventException(INVALID, null, where + badName);
        }
        JsonNode action = element.get("action");
        if (action == null || action.isNull()) {
            throw new MalformedEventException(INVALID, audience, where + "no action (add or remove)");
        }
        IdType idType = IdType.fromApi(configuredIdType(audience));
        // Without a configured type the most permissive rules apply; the component checks the
        // rest against the audience's real type at send time (rejected rows).
        String problem = BatchAudienceRules.elementProblem(JSON.convertValue(element, MAP),
                                                           idType == null ? IdType.install_ids : idType);
        if (problem != null) {
            throw new MalformedEventException(INVALID, audience, where + problem);
        }
        return audience;
    }

    /** How a refusal names the event: "element 2 of 3: " in a message of several, else nothing. */
    static String where(Integer index, Integer size) {
        return size != null && size > 1 && index != null ? "element " + (index + 1) + " of " + size + ": " : "";
    }

    /** The malformed-message or invalid-event failure among an exchange's causes, or null. */
    static MalformedEventException malformedCause(Exchange exchange) {
        for (Throwable c = SourceSupport.root(exchange); c != null; c = c.getCause()) {
            if (c instanceof MalformedEventException) {
                return (MalformedEventException) c;
            }
        }
        return null;
    }

    // ---- a batch of one audience

    /**
     * A batch becomes the component's input: the last event of each ID wins (events are in arrival
     * order, and the API's own rule for 1.0, remove wins, would undo a later add), and the headers
     * say update of this audience, with its configured ID type.
     */
    void prepare(Exchange exchange, String audience, List<String> events) {
        exchange.setProperty(EVENTS, events);
        exchange.setProperty(BATCH_AUDIENCE, audience);
        String configured = configuredIdType(audience);
        boolean advertising = IdType.fromApi(configured) == IdType.advertising_ids;
        List<Map<String, Object>> parsed = new ArrayList<>(events.size());
        Map<String, Integer> last = new HashMap<>();
        for (String text : events) {
            Map<String, Object> element;
            try {
                element = JSON.readValue(text, MAP);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an event of the batch is not JSON any more: " + e.getOriginalMessage());
            }
            element.remove("audience");
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
                letters.add(new DeadLetter(String.valueOf(sent.get(index)), REJECTED, row.getReason(), audience));
            }
        }
        if (letters.size() < result.getRejected()) {
            log.warn("{}: {} rejected event(s) are not in the dead-letter destination (only the first {} rejected rows"
                     + " are kept: maxRejectedRowsKept)", subject(audience), result.getRejected() - letters.size(),
                     result.getRejectedRows().size());
        }
        if (result.getRowsRead() > 0 && result.getRejected() > rejectedShareAlert * result.getRowsRead()) {
            alerts().raise(Alerts.REJECTED_ROWS, subject(audience), result.getRejected() + " of " + result.getRowsRead()
                                                                    + " events rejected; they are in " + deadLetterQueue);
        }
        return letters;
    }

    /** Whether the batch's failure would happen again: then its events go to the dead-letter destination. */
    public boolean isPermanent(Exchange exchange) {
        return SourceSupport.isPermanent(SourceSupport.root(exchange));
    }

    /** The batch failed for good: an alert, and every one of its events goes to the dead-letter destination (the body). */
    public List<DeadLetter> failed(Exchange exchange) {
        Throwable failure = SourceSupport.root(exchange);
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
            letters.add(new DeadLetter(String.valueOf(event), FAILED, reason, audience));
        }
        return letters;
    }

    // ---- dead letters

    /**
     * Sets the dead letter's text as the body and its reason, kind and audience as headers; a
     * message that is not a {@link DeadLetter} (a malformed one, its headers set already) is left as it is.
     */
    static void letter(Message in) {
        Object body = in.getBody();
        if (body instanceof DeadLetter) {
            DeadLetter letter = (DeadLetter) body;
            in.setBody(letter.getEvent());
            in.setHeader(DLQ_REASON, letter.getReason());
            in.setHeader(DLQ_KIND, letter.getKind());
            if (letter.getAudience() != null) {
                in.setHeader(DLQ_AUDIENCE, letter.getAudience());
            }
        }
    }

    /** The line a dead letter gets: DEBUG for those of a failed batch (the alert named them), else WARN. */
    void logDeadLetter(String kind, Object audience, String origin, Object reason) {
        // The audience and the reason come from the event: on one line, whatever they hold.
        String shownAudience = audience == null ? null : printable(audience.toString());
        if (FAILED.equals(kind)) {
            log.debug("To {}: an event of a failed batch of {}", deadLetterQueue, shownAudience);
        } else {
            log.warn("To {} ({}{}{}): {}", deadLetterQueue, kind, shownAudience == null ? "" : ", audience " + shownAudience,
                     origin == null ? "" : ", " + origin, printable(String.valueOf(reason)));
        }
    }

    // ---- settings and helpers

    /**
     * Read once per audience rather than for every event: each lookup is also recorded for Camel
     * Main's startup summary of the properties, which is not safe against lookups from other
     * threads while it is printed (the consumer is busy at once when messages wait).
     */
    String configuredIdType(String audience) {
        return idTypes.computeIfAbsent(audience, a -> Optional.ofNullable(SourceSupport.configuredIdType(camelContext, a)))
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

    public String getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /** Share of rejected events (0 to 1) in a batch beyond which an alert is raised. */
    public void setRejectedShareAlert(double rejectedShareAlert) {
        this.rejectedShareAlert = rejectedShareAlert;
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
