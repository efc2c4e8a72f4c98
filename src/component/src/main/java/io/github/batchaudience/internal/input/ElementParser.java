package io.github.batchaudience.internal.input;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.IdOperation;

/**
 * Turns one element shaped like the API's {@code ids} entries, as a Jackson tree or a Map, into
 * an {@link IdOperation}. Shared by JSON Lines, JSON payloads and object bodies, so they accept
 * exactly the same things. Value types are kept (strings, whole numbers as Long, other numbers
 * as Double, booleans) and range checks are left to validation.
 */
final class ElementParser {
    private ElementParser() {
    }

    /** The row for one element: accepted, or rejected with the reason. */
    static InputRow fromJson(long line, JsonNode node) {
        if (node == null || !node.isObject()) {
            return InputRow.rejected(line, null, "not a JSON object");
        }
        JsonNode id = node.get("id");
        if (id == null || id.isNull()) {
            return InputRow.rejected(line, null, "no id");
        }
        if (!id.isTextual()) {
            return InputRow.rejected(line, id.toString(), "id must be a string");
        }
        String idText = id.asText();
        Action action;
        try {
            JsonNode a = node.get("action");
            if (a != null && !a.isNull() && !a.isTextual()) {
                return InputRow.rejected(line, idText, "action must be add or remove");
            }
            action = Action.parse(a == null || a.isNull() ? null : a.asText());
        } catch (IllegalArgumentException e) {
            return InputRow.rejected(line, idText, e.getMessage());
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        JsonNode attrs = node.get("attributes");
        if (attrs != null && !attrs.isNull()) {
            if (!attrs.isObject()) {
                return InputRow.rejected(line, idText, "attributes must be a JSON object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                Object value = value(e.getValue());
                if (value == null) {
                    return InputRow.rejected(line, idText, "attribute " + e.getKey()
                                                           + ": value must be a string, number, boolean or array of"
                                                           + " strings");
                }
                attributes.put(e.getKey(), value);
            }
        }
        List<String> tags = new ArrayList<>();
        JsonNode t = node.get("tags");
        if (t != null && !t.isNull()) {
            if (!t.isArray()) {
                return InputRow.rejected(line, idText, "tags must be a JSON array of strings");
            }
            for (JsonNode tag : t) {
                if (!tag.isTextual()) {
                    return InputRow.rejected(line, idText, "tags must be strings, not " + tag);
                }
                tags.add(tag.asText());
            }
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("id") && !name.equals("action") && !name.equals("attributes") && !name.equals("tags")) {
                return InputRow.rejected(line, idText, "unknown field '" + name + "'");
            }
        }
        return InputRow.accepted(line, new IdOperation(idText, action, attributes, tags));
    }

    private static Object value(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isArray()) {
            // Which API takes arrays, and of what, is the validator's to say.
            List<Object> items = new ArrayList<>(v.size());
            for (JsonNode item : v) {
                Object value = item.isContainerNode() ? null : value(item);
                if (value == null) {
                    return null;
                }
                items.add(value);
            }
            return items;
        }
        return null;
    }

    /** An object body element: an IdOperation as it is, or a Map shaped like an element. */
    static InputRow fromObject(long line, Object element) {
        if (element instanceof IdOperation) {
            IdOperation op = (IdOperation) element;
            return InputRow.accepted(line, op);
        }
        if (element instanceof Map) {
            return fromJson(line, JsonSupport.MAPPER.valueToTree(element));
        }
        return InputRow.rejected(line, null, "element of type " + (element == null ? "null"
                : element.getClass().getName()) + " is neither an IdOperation nor a Map");
    }
}
