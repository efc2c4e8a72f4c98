package io.github.batchaudience.internal.batching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        // Most inputs hold each ID once: find that out cheaply before resolving anything.
        Set<String> seen = new HashSet<>(Math.max(16, elements.size() * 4 / 3 + 1));
        boolean duplicates = false;
        for (Element e : elements) {
            if (!seen.add(e.id)) {
                duplicates = true;
                break;
            }
        }
        if (!duplicates) {
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
}
