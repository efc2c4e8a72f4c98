package io.github.batchaudience.batching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.github.batchaudience.model.IdOperation;

/**
 * Serialises one element of {@code ids} once, when it is read, so that building a request is
 * only a concatenation of bytes. It writes the element's members without braces and without
 * {@code action}: a PATCH adds the action, a PUT takes the element as it is.
 */
final class ElementWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(256);

    byte[] members(IdOperation op) {
        buffer.reset();
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringField("id", op.getId());
            if (!op.getAttributes().isEmpty()) {
                g.writeObjectFieldStart("attributes");
                for (Map.Entry<String, Object> e : op.getAttributes().entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            if (!op.getTags().isEmpty()) {
                g.writeArrayFieldStart("tags");
                for (String tag : op.getTags()) {
                    g.writeString(tag);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] whole = buffer.toByteArray();
        // Drop the braces: 1 byte each, since the generator writes no whitespace.
        byte[] inner = new byte[whole.length - 2];
        System.arraycopy(whole, 1, inner, 0, inner.length);
        return inner;
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value instanceof String) {
            g.writeString((String) value);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number) {
            g.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else {
            // Validation has refused every other type before an element is written.
            throw new IllegalArgumentException("unsupported attribute value type " + value.getClass().getName());
        }
    }
}
