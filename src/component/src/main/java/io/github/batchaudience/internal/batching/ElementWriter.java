package io.github.batchaudience.internal.batching;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.batchaudience.internal.support.ByteSink;
import io.github.batchaudience.model.IdOperation;

/**
 * Serialises one element of {@code ids} once, when it is read, so that building a request is
 * only a concatenation of bytes. It writes the element's members without braces and without
 * {@code action}: a PATCH adds the action, a PUT takes the element as it is. One generator and
 * one buffer serve every element of a write: creating a generator, or an array, per element cost
 * more than the writing.
 */
final class ElementWriter implements Closeable {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final ByteSink buffer = new ByteSink(256);
    private final JsonGenerator g;

    ElementWriter() {
        try {
            g = FACTORY.createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Elements follow one another as root values: nothing between them.
        g.setRootValueSeparator(null);
    }

    /** Writes the members of {@code op}, then lends them to the sink. */
    void write(IdOperation op, long line, RowSink sink) throws IOException {
        buffer.reset();
        try {
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
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Without the braces: 1 byte each, since the generator writes no whitespace.
        sink.accept(op.getId(), op.getAction(), line, buffer.bytes(), 1, buffer.size() - 2);
    }

    @Override
    public void close() throws IOException {
        g.close();
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
        } else if (value instanceof List) {
            g.writeStartArray();
            for (Object item : (List<?>) value) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else {
            // Validation has refused every other type before an element is written.
            throw new IllegalArgumentException("unsupported attribute value type " + value.getClass().getName());
        }
    }
}
