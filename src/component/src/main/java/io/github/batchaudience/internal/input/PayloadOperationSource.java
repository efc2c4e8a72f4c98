package io.github.batchaudience.internal.input;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Batch-shaped payload {@code {"ids":[…]}} (or a bare array of elements), read element by
 * element with Jackson's streaming parser so that a payload of any size stays out of memory.
 * Rows are numbered by element (1-based); broken JSON ends the input, naming the element reached.
 */
final class PayloadOperationSource implements OperationSource {
    private final String name;
    private final InputStream stream;
    private final JsonParser parser;
    private long index;
    private boolean started;
    private boolean done;

    PayloadOperationSource(String name, InputStream stream) throws IOException {
        this.name = name;
        this.stream = stream;
        this.parser = JsonSupport.MAPPER.createParser(stream);
    }

    @Override
    public String sourceName() {
        return name;
    }

    @Override
    public InputRow next() throws IOException {
        if (done) {
            return null;
        }
        try {
            if (!started) {
                started = true;
                enterArray();
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY || token == null) {
                done = true;
                return null;
            }
            index++;
            JsonNode element = parser.readValueAsTree();
            return ElementParser.fromJson(index, element);
        } catch (JsonProcessingException e) {
            done = true;
            throw new InputException(name, index, "element " + Math.max(1, index) + ": " + JsonSupport.reason(e)
                                                   + " (the payload cannot be read past this point)", e);
        }
    }

    private void enterArray() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == JsonToken.START_ARRAY) {
            return;
        }
        if (first != JsonToken.START_OBJECT) {
            throw new InputException(name, 0, "a JSON payload must be {\"ids\":[…]}");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("ids")) {
                if (value != JsonToken.START_ARRAY) {
                    throw new InputException(name, 0, "\"ids\" must be an array");
                }
                return;
            }
            parser.skipChildren();
        }
        throw new InputException(name, 0, "the JSON payload has no \"ids\" array");
    }

    @Override
    public void close() throws IOException {
        parser.close();
        stream.close();
    }
}
