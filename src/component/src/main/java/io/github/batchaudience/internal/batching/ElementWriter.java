package io.github.batchaudience.internal.batching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.batchaudience.internal.support.ByteSink;
import io.github.batchaudience.model.IdOperation;

/**
 * Serialises one element of {@code ids} once, when it is read, so that building a request is
 * only a concatenation of bytes. It writes the element's members without braces and without
 * {@code action}: a PATCH adds the action, a PUT takes the element as it is. One buffer serves
 * every element of a write, and the block copies the element from it.
 *
 * <p>An element is a fixed shape of a few members whose values validation has already checked,
 * so it is written directly: through Jackson's generator, its bookkeeping of contexts took a
 * large share of reading a file. The common string, printable ASCII with nothing to escape, is
 * copied as it is; any other goes through the generator, for its escapes. The output is byte for
 * byte the generator's (ElementWriterTest).
 */
final class ElementWriter {
    private static final byte[] ID = ascii("\"id\":");
    private static final byte[] ATTRIBUTES = ascii(",\"attributes\":{");
    private static final byte[] TAGS = ascii(",\"tags\":[");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    private static final JsonFactory FACTORY = new JsonFactory();

    private byte[] out = new byte[256];
    private int length;
    /** Strings with something to escape go through a generator, made at the first of them. */
    private final ByteSink escaped = new ByteSink(64);
    private JsonGenerator generator;

    /** Writes the members of {@code op} and adds them to the block, with the ID's UTF-8 bytes. */
    void write(IdOperation op, long line, ElementBlock block) {
        length = 0;
        write(ID);
        String id = op.getId();
        boolean plainId = writeString(id);
        if (!op.getAttributes().isEmpty()) {
            write(ATTRIBUTES);
            boolean first = true;
            for (Map.Entry<String, Object> e : op.getAttributes().entrySet()) {
                if (!first) {
                    write(',');
                }
                first = false;
                writeString(e.getKey());
                write(':');
                writeValue(e.getValue());
            }
            write('}');
        }
        if (!op.getTags().isEmpty()) {
            write(TAGS);
            writeItems(op.getTags());
            write(']');
        }
        if (plainId) {
            // Written as it is, just after the opening quote: the ID's bytes are already here.
            block.add(out, ID.length + 1, id.length(), op.getAction(), line, out, 0, length);
        } else {
            byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
            block.add(idBytes, 0, idBytes.length, op.getAction(), line, out, 0, length);
        }
    }

    private void writeValue(Object value) {
        if (value instanceof String s) {
            writeString(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            writeLong(((Number) value).longValue());
        } else if (value instanceof Number n) {
            // Validation refuses what is not finite; a finite double is written as the generator does.
            writeAscii(Double.toString(n.doubleValue()));
        } else if (value instanceof Boolean b) {
            write(b ? TRUE : FALSE);
        } else if (value instanceof List<?> items) {
            write('[');
            writeItems(items);
            write(']');
        } else {
            // Validation has refused every other type before an element is written.
            throw new IllegalArgumentException("unsupported attribute value type " + value.getClass().getName());
        }
    }

    private void writeItems(List<?> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                write(',');
            }
            writeValue(items.get(i));
        }
    }

    /**
     * A string as it is when it is printable ASCII other than the quote and the backslash (true
     * then), else escaped.
     */
    private boolean writeString(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                writeEscaped(s);
                return false;
            }
        }
        ensure(s.length() + 2);
        out[length++] = '"';
        writeAscii(s);
        out[length++] = '"';
        return true;
    }

    /** By Jackson's generator, so that every escape is the one it writes. */
    private void writeEscaped(String s) {
        try {
            if (generator == null) {
                generator = FACTORY.createGenerator(escaped);
                // Strings follow one another as root values: nothing between them.
                generator.setRootValueSeparator(null);
            }
            escaped.reset();
            generator.writeString(s);
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(escaped.bytes(), escaped.size());
    }

    /**
     * Text known to be ASCII (a checked string, a number's digits): the low byte this method keeps
     * of each char is then the whole char, and for a string stored as bytes (an ASCII one is) it
     * is one array copy.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int), for the reason above
    private void writeAscii(String s) {
        ensure(s.length());
        s.getBytes(0, s.length(), out, length);
        length += s.length();
    }

    /** As Long.toString writes it, without the string: making one cost a tenth of writing an element. */
    private void writeLong(long value) {
        if (value == Long.MIN_VALUE) {
            writeAscii(Long.toString(value)); // no positive counterpart to write the digits of
            return;
        }
        ensure(20);
        if (value < 0) {
            out[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
    }

    private void write(byte[] bytes) {
        write(bytes, bytes.length);
    }

    private void write(byte[] bytes, int count) {
        ensure(count);
        System.arraycopy(bytes, 0, out, length, count);
        length += count;
    }

    private void write(char c) {
        ensure(1);
        out[length++] = (byte) c;
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
