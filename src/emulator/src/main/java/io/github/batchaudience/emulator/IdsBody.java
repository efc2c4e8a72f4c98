package io.github.batchaudience.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/**
 * Reads and validates a PATCH or PUT body by streaming (a 10,000-ID request never becomes a
 * tree), exactly by the documented rules: a request is refused whole when one element is bad.
 * Each element's attributes and tags are kept as compact JSON bytes.
 */
final class IdsBody {
    static final int MAX_IDS = 10_000;
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    /** One element: its ID, whether it removes, and its attributes and tags as JSON (or null). */
    static final class Element {
        final String id;
        final boolean remove;
        final byte[] extras;

        Element(String id, boolean remove, byte[] extras) {
            this.id = id;
            this.remove = remove;
            this.extras = extras;
        }
    }

    String type;
    /** The audience, named in the body by the Audiences API. */
    String name;
    final List<Element> elements = new ArrayList<>();

    /** @param replace a replace: elements carry no action (an explicit "add" is tolerated) */
    static IdsBody parse(InputStream in, Rules rules, boolean replace, Predicate<String> extraRejection)
            throws IOException {
        IdsBody body = new IdsBody();
        boolean sawIds = false;
        try (JsonParser p = JSON.createParser(in); Extras extras = new Extras()) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ApiError.malformedJson("the body must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("ids")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw ApiError.malformed("ids must be an array");
                    }
                    sawIds = true;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (body.elements.size() == MAX_IDS) {
                            throw ApiError.malformed("ids holds more than " + MAX_IDS + " elements");
                        }
                        body.elements.add(element(p, body.elements.size(), rules, replace, extraRejection, extras));
                    }
                } else if (field.equals("type") || field.equals("name")) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw ApiError.malformed(field + " must be a string");
                    }
                    if (field.equals("type")) {
                        body.type = p.getText();
                    } else {
                        body.name = p.getText();
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw ApiError.malformedJson("unexpected content after the JSON object");
            }
        } catch (JsonParseException e) {
            throw ApiError.malformedJson("malformed JSON body: " + e.getOriginalMessage());
        }
        if (!sawIds) {
            throw ApiError.missing("missing parameter ids");
        }
        return body;
    }

    /**
     * Where the elements' attributes and tags are written: one generator for the whole request
     * (a generator per element cost more than the parsing), each element's object then taken out
     * of the shared buffer.
     */
    private static final class Extras implements AutoCloseable {
        private final ByteArrayBuilder buffer = new ByteArrayBuilder(256);
        private final JsonGenerator out;
        private boolean open;

        Extras() throws IOException {
            out = JSON.createGenerator(buffer);
            out.setRootValueSeparator(null);
        }

        /** The generator, inside this element's object (started on first use). */
        JsonGenerator field(String name) throws IOException {
            if (!open) {
                out.writeStartObject();
                open = true;
            }
            out.writeFieldName(name);
            return out;
        }

        /** This element's object, or null when it had neither attributes nor tags. */
        byte[] take() throws IOException {
            if (!open) {
                return null;
            }
            out.writeEndObject();
            out.flush();
            open = false;
            byte[] bytes = buffer.toByteArray();
            buffer.reset();
            return bytes;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** How errors name an element: built only when one is refused. */
    private static String where(int index) {
        return "ids[" + index + "]";
    }

    private static Element element(JsonParser p, int index, Rules rules, boolean replace,
                                   Predicate<String> extraRejection, Extras extras) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ApiError.malformed(where(index) + " must be an object");
        }
        String id = null;
        String action = null;
        int attributeCount = 0;
        int tagCount = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id":
                    if (value != JsonToken.VALUE_STRING) {
                        throw ApiError.malformed(where(index) + ".id must be a string");
                    }
                    id = p.getText();
                    break;
                case "action":
                    if (value != JsonToken.VALUE_STRING) {
                        throw ApiError.malformed(where(index) + ".action must be a string");
                    }
                    action = p.getText();
                    break;
                case "attributes":
                case "tags":
                    if (!rules.allowsAttributes()) {
                        throw ApiError.malformed(where(index) + ": " + field + " are only accepted by API 1.1");
                    }
                    if (field.equals("tags") && !rules.allowsTags()) {
                        throw ApiError.malformed(where(index) + ": tags are not accepted by the Audiences API");
                    }
                    JsonGenerator out = extras.field(field);
                    if (field.equals("attributes")) {
                        attributeCount = AttributeValues.copy(p, out, where(index), rules);
                    } else {
                        tagCount = tags(p, out, index);
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (id == null) {
            throw ApiError.missing("missing parameter " + where(index) + ".id");
        }
        if (id.isEmpty() || id.length() > 128) {
            throw ApiError.malformed(label(index, id) + ": id must be 1 to 128 characters, not " + id.length());
        }
        if (extraRejection != null && extraRejection.test(id)) {
            throw ApiError.malformed(label(index, id) + ": id refused");
        }
        boolean remove;
        if (action == null) {
            if (!replace) {
                throw ApiError.missing("missing parameter " + label(index, id) + ".action");
            }
            remove = false;
        } else if (action.equals("add")) {
            remove = false;
        } else if (action.equals("remove") && !replace) {
            remove = true;
        } else {
            throw ApiError.malformed(label(index, id) + ": action must be " + (replace ? "absent or add" : "add or remove"));
        }
        byte[] bytes = extras.take();
        if (remove && bytes != null) {
            throw ApiError.malformed(label(index, id) + ": attributes and tags are not accepted with remove");
        }
        if (attributeCount > 15) {
            throw ApiError.malformed(label(index, id) + ": more than 15 attributes (" + attributeCount + ")");
        }
        if (tagCount > 10) {
            throw ApiError.malformed(label(index, id) + ": more than 10 tags (" + tagCount + ")");
        }
        return new Element(id, remove, bytes);
    }

    private static String label(int index, String id) {
        return where(index) + " (" + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + ")";
    }

    private static int tags(JsonParser p, JsonGenerator out, int index) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ApiError.malformed(where(index) + ".tags must be an array");
        }
        out.writeStartArray();
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String tag = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : "";
            if (tag.isEmpty() || tag.length() > 64) {
                throw ApiError.malformed(where(index) + ": tags are strings of 1 to 64 characters");
            }
            out.writeString(tag);
            count++;
        }
        out.writeEndArray();
        return count;
    }
}
