package io.github.batchaudience.integration.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.batchaudience.BatchAudienceRules;
import io.github.batchaudience.integration.ExchangeFailure;
import io.github.batchaudience.model.IdType;
import org.apache.camel.Exchange;

/**
 * A message of an event source read into events, and each event checked as the API would check
 * it. An event is {@code {"audience":"…","action":"add"|"remove","id":"…","attributes":{…},"tags":[…]}};
 * a message holds one, or a JSON array of them.
 */
public final class EventReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final JavaType MAP_TYPE = JSON.getTypeFactory().constructType(MAP);

    private EventReader() {
    }

    /**
     * The events of a message: a JSON object is one event, kept as it came; an array holds one
     * per element. Anything else is malformed as a whole.
     */
    public static List<String> parse(String text) throws MalformedEventException {
        if (text == null || text.isBlank()) {
            throw new MalformedEventException(DeadLetter.MALFORMED, null, "empty message");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(DeadLetter.MALFORMED, null, "not JSON: " + e.getOriginalMessage());
        }
        if (node.isObject()) {
            return List.of(text);
        }
        if (!node.isArray()) {
            throw new MalformedEventException(DeadLetter.MALFORMED, null, "not a JSON object or an array of them, but "
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
     *
     * @param configuredIdType the ID type configured for an audience, or null
     */
    public static String check(String text, String where, UnaryOperator<String> configuredIdType)
            throws MalformedEventException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(DeadLetter.INVALID, null, where + "not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new MalformedEventException(DeadLetter.INVALID, null, where + "not a JSON object");
        }
        ObjectNode element = (ObjectNode) node;
        JsonNode audienceNode = element.remove("audience");
        if (audienceNode == null || audienceNode.isNull()) {
            throw new MalformedEventException(DeadLetter.INVALID, null, where + "no audience");
        }
        if (!audienceNode.isTextual()) {
            throw new MalformedEventException(DeadLetter.INVALID, null, where + "audience must be a string");
        }
        String audience = audienceNode.asText();
        String badName = BatchAudienceRules.audienceNameProblem(audience);
        if (badName != null) {
            throw new MalformedEventException(DeadLetter.INVALID, null, where + badName);
        }
        JsonNode action = element.get("action");
        if (action == null || action.isNull()) {
            throw new MalformedEventException(DeadLetter.INVALID, audience, where + "no action (add or remove)");
        }
        IdType idType = IdType.fromApi(configuredIdType.apply(audience));
        // Without a configured type the most permissive rules apply; the component checks the
        // rest against the audience's real type at send time (rejected rows).
        String problem = BatchAudienceRules.elementProblem(asMap(element), idType == null ? IdType.install_ids : idType);
        if (problem != null) {
            throw new MalformedEventException(DeadLetter.INVALID, audience, where + problem);
        }
        return audience;
    }

    /** The event's fields as the component's rules take them, read from the tree (no copy through a buffer). */
    private static Map<String, Object> asMap(ObjectNode element) {
        try {
            return JSON.treeToValue(element, MAP_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed event could not be read as fields: " + e.getOriginalMessage(), e);
        }
    }

    /** How a refusal names the event: "element 2 of 3: " in a message of several, else nothing. */
    public static String where(Integer index, Integer size) {
        return size != null && size > 1 && index != null ? "element " + (index + 1) + " of " + size + ": " : "";
    }

    /** An event checked before, as the component takes it: its fields, the audience left out. */
    static Map<String, Object> element(String text) {
        Map<String, Object> element;
        try {
            element = JSON.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event of the batch is not JSON any more: " + e.getOriginalMessage());
        }
        element.remove("audience");
        return element;
    }

    /** The malformed-message or invalid-event failure among an exchange's causes, or null. */
    public static MalformedEventException malformedCause(Exchange exchange) {
        for (Throwable c = ExchangeFailure.root(exchange); c != null; c = c.getCause()) {
            if (c instanceof MalformedEventException) {
                return (MalformedEventException) c;
            }
        }
        return null;
    }
}
