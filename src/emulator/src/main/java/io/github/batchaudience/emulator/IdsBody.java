package io.github.batchaudience.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

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
    final List<Element> elements = new ArrayList<>();

    /**
     * @param v11     the 1.1 rules (attributes and tags allowed with add)
     * @param replace a PUT: elements carry no action (an explicit "add" is tolerated)
     */
    static IdsBody parse(InputStream in, boolean v11, boolean replace, Predicate<String> extraRejection)
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
                        body.elements.add(element(p, body.elements.size(), v11, replace, extraRejection, extras));
                    }
                } else if (field.equals("type")) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw ApiError.malformed("type must be a string");
                    }
                    body.type = p.getText();
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

    private static Element element(JsonParser p, int index, boolean v11, boolean replace,
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
                    if (!v11) {
                        throw ApiError.malformed(where(index) + ": " + field + " are only accepted by API 1.1");
                    }
                    JsonGenerator out = extras.field(field);
                    if (field.equals("attributes")) {
                        attributeCount = attributes(p, out, index);
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

    /** {@code [a-z0-9_]{1,30}}, without a regular expression: checked for every attribute of every element. */
    private static boolean isAttributeName(String name, int from, int to) {
        if (to - from < 1 || to - from > 30) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static int attributes(JsonParser p, JsonGenerator out, int index) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ApiError.malformed(where(index) + ".attributes must be an object");
        }
        out.writeStartObject();
        int count = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            count++;
            boolean date = key.startsWith("date(") && key.endsWith(")");
            boolean url = !date && key.startsWith("url(") && key.endsWith(")");
            int from = date ? 5 : url ? 4 : 0;
            int to = date || url ? key.length() - 1 : key.length();
            if (!isAttributeName(key, from, to)) {
                throw ApiError.malformed(where(index) + ": invalid attribute name '" + key + "'");
            }
            out.writeFieldName(key);
            switch (value) {
                case VALUE_STRING: {
                    String s = p.getText();
                    if (date) {
                        try {
                            LocalDateTime.parse(s, DATE);
                        } catch (DateTimeParseException e) {
                            throw ApiError.malformed(bad(index, key) + ": dates are YYYY-MM-DDTHH:mm:ss or epoch seconds");
                        }
                    } else if (url) {
                        if (s.length() > 2048 || !isHttpUrl(s)) {
                            throw ApiError.malformed(bad(index, key) + ": not an http(s) URL of at most 2048 characters");
                        }
                    } else if (s.length() > 64) {
                        throw ApiError.malformed(bad(index, key) + ": strings are at most 64 characters");
                    }
                    out.writeString(s);
                    break;
                }
                case VALUE_NUMBER_INT:
                    if (url || date && p.getLongValue() < 0) {
                        throw ApiError.malformed(bad(index, key));
                    }
                    out.writeNumber(p.getLongValue());
                    break;
                case VALUE_NUMBER_FLOAT:
                    if (date || url) {
                        throw ApiError.malformed(bad(index, key));
                    }
                    out.writeNumber(p.getDoubleValue());
                    break;
                case VALUE_TRUE:
                case VALUE_FALSE:
                    if (date || url) {
                        throw ApiError.malformed(bad(index, key));
                    }
                    out.writeBoolean(value == JsonToken.VALUE_TRUE);
                    break;
                default:
                    throw ApiError.malformed(bad(index, key) + ": values are strings, integers, floats or booleans");
            }
        }
        out.writeEndObject();
        return count;
    }

    private static String bad(int index, String key) {
        return where(index) + ": invalid value for attribute '" + key + "'";
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
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
