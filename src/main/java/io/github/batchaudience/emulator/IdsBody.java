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
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/**
 * Reads and validates a PATCH or PUT body by streaming (a 10,000-ID request never becomes a
 * tree), exactly by the documented rules: a request is refused whole when one element is bad.
 * Each element's attributes and tags are kept as compact JSON bytes.
 */
final class IdsBody {
    static final int MAX_IDS = 10_000;
    private static final JsonFactory JSON = JsonFactory.builder().disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE).build();
    private static final java.util.regex.Pattern ATTRIBUTE_NAME = java.util.regex.Pattern.compile("[a-z0-9_]{1,30}");
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
        try (JsonParser p = JSON.createParser(in)) {
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
                        body.elements.add(element(p, body.elements.size(), v11, replace, extraRejection));
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

    private static Element element(JsonParser p, int index, boolean v11, boolean replace,
                                   Predicate<String> extraRejection) throws IOException {
        String where = "ids[" + index + "]";
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ApiError.malformed(where + " must be an object");
        }
        String id = null;
        String action = null;
        ByteArrayBuilder extrasBytes = null;
        JsonGenerator extras = null;
        int attributeCount = 0;
        int tagCount = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id":
                    if (value != JsonToken.VALUE_STRING) {
                        throw ApiError.malformed(where + ".id must be a string");
                    }
                    id = p.getText();
                    break;
                case "action":
                    if (value != JsonToken.VALUE_STRING) {
                        throw ApiError.malformed(where + ".action must be a string");
                    }
                    action = p.getText();
                    break;
                case "attributes":
                case "tags":
                    if (!v11) {
                        throw ApiError.malformed(where + ": " + field + " are only accepted by API 1.1");
                    }
                    if (extras == null) {
                        extrasBytes = new ByteArrayBuilder(128);
                        extras = JSON.createGenerator(extrasBytes);
                        extras.writeStartObject();
                    }
                    extras.writeFieldName(field);
                    if (field.equals("attributes")) {
                        attributeCount = attributes(p, extras, where);
                    } else {
                        tagCount = tags(p, extras, where);
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (id == null) {
            throw ApiError.missing("missing parameter " + where + ".id");
        }
        String label = where + " (" + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + ")";
        if (id.isEmpty() || id.length() > 128) {
            throw ApiError.malformed(label + ": id must be 1 to 128 characters, not " + id.length());
        }
        if (extraRejection != null && extraRejection.test(id)) {
            throw ApiError.malformed(label + ": id refused");
        }
        boolean remove;
        if (action == null) {
            if (!replace) {
                throw ApiError.missing("missing parameter " + label + ".action");
            }
            remove = false;
        } else if (action.equals("add")) {
            remove = false;
        } else if (action.equals("remove") && !replace) {
            remove = true;
        } else {
            throw ApiError.malformed(label + ": action must be " + (replace ? "absent or add" : "add or remove"));
        }
        if (remove && extras != null) {
            throw ApiError.malformed(label + ": attributes and tags are not accepted with remove");
        }
        if (attributeCount > 15) {
            throw ApiError.malformed(label + ": more than 15 attributes (" + attributeCount + ")");
        }
        if (tagCount > 10) {
            throw ApiError.malformed(label + ": more than 10 tags (" + tagCount + ")");
        }
        byte[] bytes = null;
        if (extras != null) {
            extras.writeEndObject();
            extras.close();
            bytes = extrasBytes.toByteArray();
        }
        return new Element(id, remove, bytes);
    }

    private static int attributes(JsonParser p, JsonGenerator out, String where) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ApiError.malformed(where + ".attributes must be an object");
        }
        out.writeStartObject();
        int count = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            count++;
            String kind = "";
            String name = key;
            if (key.startsWith("date(") && key.endsWith(")")) {
                kind = "date";
                name = key.substring(5, key.length() - 1);
            } else if (key.startsWith("url(") && key.endsWith(")")) {
                kind = "url";
                name = key.substring(4, key.length() - 1);
            }
            if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                throw ApiError.malformed(where + ": invalid attribute name '" + key + "'");
            }
            out.writeFieldName(key);
            String bad = where + ": invalid value for attribute '" + key + "'";
            switch (value) {
                case VALUE_STRING: {
                    String s = p.getText();
                    if (kind.equals("date")) {
                        try {
                            LocalDateTime.parse(s, DATE);
                        } catch (DateTimeParseException e) {
                            throw ApiError.malformed(bad + ": dates are YYYY-MM-DDTHH:mm:ss or epoch seconds");
                        }
                    } else if (kind.equals("url")) {
                        if (s.length() > 2048 || !isHttpUrl(s)) {
                            throw ApiError.malformed(bad + ": not an http(s) URL of at most 2048 characters");
                        }
                    } else if (s.length() > 64) {
                        throw ApiError.malformed(bad + ": strings are at most 64 characters");
                    }
                    out.writeString(s);
                    break;
                }
                case VALUE_NUMBER_INT:
                    if (kind.equals("url") || kind.equals("date") && p.getLongValue() < 0) {
                        throw ApiError.malformed(bad);
                    }
                    out.writeNumber(p.getLongValue());
                    break;
                case VALUE_NUMBER_FLOAT:
                    if (!kind.isEmpty()) {
                        throw ApiError.malformed(bad);
                    }
                    out.writeNumber(p.getDoubleValue());
                    break;
                case VALUE_TRUE:
                case VALUE_FALSE:
                    if (!kind.isEmpty()) {
                        throw ApiError.malformed(bad);
                    }
                    out.writeBoolean(value == JsonToken.VALUE_TRUE);
                    break;
                default:
                    throw ApiError.malformed(bad + ": values are strings, integers, floats or booleans");
            }
        }
        out.writeEndObject();
        return count;
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

    private static int tags(JsonParser p, JsonGenerator out, String where) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ApiError.malformed(where + ".tags must be an array");
        }
        out.writeStartArray();
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING || p.getText().isEmpty() || p.getText().length() > 64) {
                throw ApiError.malformed(where + ": tags are strings of 1 to 64 characters");
            }
            out.writeString(p.getText());
            count++;
        }
        out.writeEndArray();
        return count;
    }
}
