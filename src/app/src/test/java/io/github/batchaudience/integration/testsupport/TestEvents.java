package io.github.batchaudience.integration.testsupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.emulator.BatchEmulator;

/**
 * Events as a producer sends them to the event sources (JMS, Kafka), and the audience they must
 * leave: each event applied in order, one by one.
 */
public final class TestEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEvents() {
    }

    /** One event as a producer would send it. */
    public record Event(String audience, String action, String id, Map<String, Object> attributes, List<String> tags) {
        public static Event add(String audience, String id, Map<String, Object> attributes, List<String> tags) {
            return new Event(audience, "add", id, attributes, tags);
        }

        public static Event remove(String audience, String id) {
            return new Event(audience, "remove", id, Map.of(), List.of());
        }

        public String json() {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("audience", audience);
            event.put("action", action);
            event.put("id", id);
            if (!attributes.isEmpty()) {
                event.put("attributes", new TreeMap<>(attributes));
            }
            if (!tags.isEmpty()) {
                event.put("tags", tags);
            }
            try {
                return JSON.writeValueAsString(event);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A member as the emulator holds it. */
    public record Member(Map<String, Object> attributes, List<String> tags) {
    }

    /** Adds and removes of a few IDs, each ID's events spread over the whole list. */
    public static List<Event> toggles(String audience, int n) {
        return toggles(audience, n, 37);
    }

    /**
     * The toggles of each audience, {@code n} each of {@code ids} IDs, each audience's in order, the
     * audiences interleaved at random (from {@code seed}).
     */
    public static List<Event> interleavedToggles(List<String> audiences, int n, int ids, long seed) {
        List<List<Event>> own = new ArrayList<>();
        audiences.forEach(a -> own.add(new ArrayList<>(toggles(a, n, ids))));
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        while (own.stream().anyMatch(l -> !l.isEmpty())) {
            List<Event> next = own.get(random.nextInt(own.size()));
            if (!next.isEmpty()) {
                events.add(next.remove(0));
            }
        }
        return events;
    }

    /** Adds and removes of {@code ids} IDs in turn. */
    public static List<Event> toggles(String audience, int n, int ids) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "toggle-" + (i % ids);
            events.add(i % 3 == 2 ? Event.remove(audience, id)
                               : Event.add(audience, id, Map.of("round", i), List.of("r" + (i % 4))));
        }
        return events;
    }

    /**
     * Two rounds of events for IDs flip-0 to flip-(n-1): the first adds each (attribute round 1),
     * the second removes each, then adds it again (round 3). Applied out of order, the first round
     * would undo the second.
     */
    public static List<List<Event>> flips(String audience, int n) {
        List<Event> first = new ArrayList<>();
        List<Event> then = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            first.add(Event.add(audience, "flip-" + i, Map.of("round", 1), List.of()));
            then.add(Event.remove(audience, "flip-" + i));
        }
        for (int i = 0; i < n; i++) {
            then.add(Event.add(audience, "flip-" + i, Map.of("round", 3), List.of()));
        }
        return List.of(first, then);
    }

    /**
     * Messages that can never be applied, each with its dead letter's kind and a part of its
     * reason: malformed ones, and single events that are invalid for an audience of install IDs
     * ({@code install}) or of custom IDs ({@code custom}), whose ID types must be configured.
     */
    public static Map<String, String[]> badEvents(String install, String custom) {
        String longId = "x".repeat(129);
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put("this is not JSON", new String[] { "malformed", "not JSON" });
        bad.put("42", new String[] { "malformed", "not a JSON object or an array" });
        bad.put("{\"audience\":\"" + install + "\",\"action\":\"add\"}", new String[] { "invalid", "no id" });
        bad.put("{\"audience\":\"" + install + "\",\"id\":\"a-1\"}", new String[] { "invalid", "no action" });
        bad.put("{\"audience\":\"" + install + "\",\"action\":\"upsert\",\"id\":\"a-1\"}",
                new String[] { "invalid", "action must be add or remove" });
        bad.put("{\"audience\":\"vip users\",\"action\":\"add\",\"id\":\"a-1\"}",
                new String[] { "invalid", "invalid audience name 'vip users'" });
        bad.put("{\"action\":\"add\",\"id\":\"a-1\"}", new String[] { "invalid", "no audience" });
        bad.put("{\"audience\":\"" + install + "\",\"action\":\"add\",\"id\":\"" + longId + "\"}",
                new String[] { "invalid", "longer than 128" });
        bad.put("{\"audience\":\"" + custom + "\",\"action\":\"add\",\"id\":\"c-1\",\"tags\":[\"t\"]}",
                new String[] { "invalid", "need install_ids" });
        return bad;
    }

    /** The members the events leave, applied one by one in order. */
    public static Map<String, Member> replay(List<Event> events, String audience) {
        Map<String, Member> members = new HashMap<>();
        for (Event e : events) {
            if (!e.audience().equals(audience)) {
                continue;
            }
            if (e.action().equals("add")) {
                members.put(e.id(), new Member(e.attributes(), e.tags()));
            } else {
                members.remove(e.id());
            }
        }
        return members;
    }

    /** The members of an audience as the emulator holds them. */
    public static Map<String, Member> members(BatchEmulator emulator, String audience) {
        Map<String, Member> members = new HashMap<>();
        for (BatchEmulator.Member m : emulator.members(audience)) {
            members.put(m.id(), new Member(m.attributes(), m.tags()));
        }
        return members;
    }
}
