package io.github.batchaudience.internal.input;

import java.io.Closeable;
import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** JSON Lines: each non-blank line one element of {@code ids}, exactly as the API takes it. */
final class JsonLinesOperationSource implements OperationSource {
    private final String name;
    private final LineReader lines;
    private final Closeable stream;

    JsonLinesOperationSource(String name, LineReader lines, Closeable stream) {
        this.name = name;
        this.lines = lines;
        this.stream = stream;
    }

    @Override
    public String sourceName() {
        return name;
    }

    @Override
    public InputRow next() throws IOException {
        while (lines.next()) {
            long line = lines.number();
            if (lines.tooLong()) {
                return InputRow.rejected(line, null, "line is longer than " + lines.maxLineBytes() + " bytes");
            }
            if (isBlank(lines.bytes(), lines.length())) {
                continue;
            }
            if (lines.text() == null) {
                return InputRow.rejected(line, null, "invalid UTF-8");
            }
            JsonNode node;
            try {
                node = JsonSupport.MAPPER.readTree(lines.bytes(), 0, lines.length());
            } catch (JsonProcessingException e) {
                return InputRow.rejected(line, null, JsonSupport.reason(e));
            }
            return ElementParser.fromJson(line, node);
        }
        return null;
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
