package io.github.batchaudience.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One element of a request's {@code ids}: an ID, what to do with it and, for install IDs that
 * are added, its attributes and tags. Attribute keys are the names as the API takes them,
 * including a {@code date(...)} or {@code url(...)} wrapper; values are String, Long, Double
 * or Boolean.
 */
public final class IdOperation {
    private final String id;
    private final Action action;
    private final Map<String, Object> attributes;
    private final List<String> tags;

    public IdOperation(String id, Action action, Map<String, Object> attributes, List<String> tags) {
        this.id = id;
        this.action = action == null ? Action.ADD : action;
        this.attributes = attributes == null || attributes.isEmpty() ? Collections.emptyMap()
                : attributes instanceof Attributes ? attributes // immutable already: no copy per row
                : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.tags = tags == null || tags.isEmpty() ? Collections.emptyList() : List.copyOf(tags);
    }

    public static IdOperation add(String id) {
        return new IdOperation(id, Action.ADD, null, null);
    }

    public static IdOperation remove(String id) {
        return new IdOperation(id, Action.REMOVE, null, null);
    }

    public static IdOperation add(String id, Map<String, Object> attributes, List<String> tags) {
        return new IdOperation(id, Action.ADD, attributes, tags);
    }

    public String getId() {
        return id;
    }

    public Action getAction() {
        return action;
    }

    public Map<String, Object> getAttributes() {
        return attributes;
    }

    public List<String> getTags() {
        return tags;
    }

    /** The same operation with another ID (used when an ID is normalised). */
    public IdOperation withId(String newId) {
        return newId.equals(id) ? this : new IdOperation(newId, action, attributes, tags);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IdOperation)) {
            return false;
        }
        IdOperation that = (IdOperation) o;
        return id.equals(that.id) && action == that.action && attributes.equals(that.attributes)
                && tags.equals(that.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, action, attributes, tags);
    }

    @Override
    public String toString() {
        return action.apiName() + " " + id + (attributes.isEmpty() ? "" : " " + attributes)
                + (tags.isEmpty() ? "" : " " + tags);
    }
}
