package io.github.batchaudience.internal.batching;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.IdOperation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The element writer writes what Jackson's generator writes for the same element, byte for byte,
 * whatever the strings hold; and lends the ID's own UTF-8 bytes, not their escaped form.
 */
class ElementWriterTest {
    private static final List<String> STRINGS = List.of(
            "install-1", "", "a\"quote", "back\\slash", "new\nline", "tab\t", "\r\b\f", "\u0001\u001f", "del\u007f",
            "slash/", "Zoë", "名前", "emoji \uD83D\uDE00", "line\u2028separator", "<script>&amp;", "~ !#$%'()*+,-.");

    private record Written(String id, Action action, long line, String members) {
    }

    @Test
    void everyStringIsWrittenAsTheGeneratorWritesIt() throws IOException {
        List<IdOperation> ops = new ArrayList<>();
        for (String s : STRINGS) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("text", s);
            attributes.put("list", List.of(s, "second"));
            ops.add(new IdOperation(s.isEmpty() ? "x" : s, Action.ADD, attributes, List.of(s.isEmpty() ? "t" : s)));
        }
        assertWrittenAsTheGenerator(ops);
    }

    @Test
    void everyValueTypeIsWrittenAsTheGeneratorWritesIt() throws IOException {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("long_max", Long.MAX_VALUE);
        attributes.put("long_min", Long.MIN_VALUE);
        attributes.put("int", 42);
        attributes.put("short", (short) -7);
        attributes.put("byte", (byte) 3);
        attributes.put("double", 1.5);
        attributes.put("big_double", 1e20);
        attributes.put("small_double", 1.0E-7);
        attributes.put("negative_zero", -0.0);
        attributes.put("float", 0.1f);
        attributes.put("yes", true);
        attributes.put("no", false);
        attributes.put("date(since)", "2026-11-01T10:00:00");
        attributes.put("empty_list", List.of());
        assertWrittenAsTheGenerator(List.of(
                new IdOperation("a", Action.ADD, attributes, List.of("t1", "t2")),
                new IdOperation("b", Action.REMOVE, null, null),
                new IdOperation("c", Action.ADD, null, List.of("only-tags")),
                new IdOperation("d", Action.ADD, Map.of("only", "attributes"), null)));
    }

    @Test
    void theIdLentIsItsUtf8BytesEvenWhenTheJsonEscapesIt() throws IOException {
        List<IdOperation> ops = new ArrayList<>();
        for (String s : STRINGS) {
            ops.add(IdOperation.remove(s.isEmpty() ? "x" : s));
        }
        List<Written> written = write(ops);
        for (int i = 0; i < ops.size(); i++) {
            assertThat(written.get(i).id()).isEqualTo(ops.get(i).getId());
            assertThat(written.get(i).action()).isEqualTo(Action.REMOVE);
            assertThat(written.get(i).line()).isEqualTo(i + 1);
        }
    }

    private static void assertWrittenAsTheGenerator(List<IdOperation> ops) throws IOException {
        List<Written> written = write(ops);
        assertThat(written).hasSameSizeAs(ops);
        for (int i = 0; i < ops.size(); i++) {
            assertThat(written.get(i).members()).isEqualTo(generated(ops.get(i)));
            assertThat(written.get(i).id()).isEqualTo(ops.get(i).getId());
        }
    }

    /** Through a block, as rows go from the reading thread to the storing one. */
    private static List<Written> write(List<IdOperation> ops) throws IOException {
        ElementWriter writer = new ElementWriter();
        ElementBlock block = new ElementBlock();
        for (int i = 0; i < ops.size(); i++) {
            writer.write(ops.get(i), i + 1, block);
        }
        List<Written> out = new ArrayList<>();
        block.drainTo((data, idOffset, idLength, action, line, membersOffset, membersLength) -> out.add(new Written(
                new String(data, idOffset, idLength, StandardCharsets.UTF_8), action, line,
                new String(data, membersOffset, membersLength, StandardCharsets.UTF_8))));
        return out;
    }

    /** What Jackson's generator writes for the element's members, the braces taken off. */
    private static String generated(IdOperation op) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("id", op.getId());
            if (!op.getAttributes().isEmpty()) {
                g.writeObjectFieldStart("attributes");
                for (Map.Entry<String, Object> e : op.getAttributes().entrySet()) {
                    g.writeFieldName(e.getKey());
                    generate(g, e.getValue());
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
        }
        String json = bytes.toString(StandardCharsets.UTF_8);
        return json.substring(1, json.length() - 1);
    }

    private static void generate(JsonGenerator g, Object value) throws IOException {
        if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeStartArray();
            for (Object item : (List<?>) value) {
                generate(g, item);
            }
            g.writeEndArray();
        }
    }
}
