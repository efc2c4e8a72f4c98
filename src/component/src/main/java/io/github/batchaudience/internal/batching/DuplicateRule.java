package io.github.batchaudience.internal.batching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.batchaudience.model.Action;
import io.github.batchaudience.internal.client.ApiDialect;

/**
 * How the API resolves an ID given more than once in one request, applied before sending so
 * that an ID is sent once per exchange: in 1.1 and 2.x the last action wins; in 1.0 an ID both
 * added and removed is removed.
 */
public enum DuplicateRule {
    LAST_WINS,
    REMOVE_WINS;

    public static DuplicateRule of(ApiDialect dialect) {
        return dialect.lastActionWins() ? LAST_WINS : REMOVE_WINS;
    }

    /** The winning element of each ID, in the order the IDs first appeared. */
    List<Element> resolve(List<Element> elements) {
        if (!hasDuplicates(elements)) {
            return elements;
        }
        Map<String, Integer> winner = new HashMap<>(Math.max(16, elements.size() * 4 / 3 + 1));
        for (int i = 0; i < elements.size(); i++) {
            Element e = elements.get(i);
            Integer previous = winner.putIfAbsent(e.id, i);
            if (previous != null && (this == LAST_WINS || e.action == Action.REMOVE
                                     || elements.get(previous).action != Action.REMOVE)) {
                winner.put(e.id, i);
            }
        }
        if (winner.size() == elements.size()) {
            return elements;
        }
        List<Element> out = new ArrayList<>(winner.size());
        for (int i = 0; i < elements.size(); i++) {
            if (winner.get(elements.get(i).id) == i) {
                out.add(elements.get(i));
            }
        }
        return out;
    }

    /**
     * Most inputs hold each ID once: find that out cheaply before resolving anything. An open
     * addressing table of the IDs themselves, at most half full, allocates one array where a
     * HashSet allocates a node per ID.
     */
    private static boolean hasDuplicates(List<Element> elements) {
        String[] table = new String[Integer.highestOneBit(Math.max(8, elements.size()) * 2 - 1) << 1];
        int mask = table.length - 1;
        for (Element e : elements) {
            int h = e.id.hashCode();
            int slot = (h ^ (h >>> 16)) & mask;
            while (table[slot] != null) {
                if (table[slot].equals(e.id)) {
                    return true;
                }
                slot = (slot + 1) & mask;
            }
            table[slot] = e.id;
        }
        return false;
    }
}
