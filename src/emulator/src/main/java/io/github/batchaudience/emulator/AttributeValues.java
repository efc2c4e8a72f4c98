package io.github.batchaudience.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The documented rules of attribute names and values: {@code [a-z0-9_]{1,30}}, optionally as
 * {@code date(…)} or {@code url(…)}; strings (64 characters in 1.1, 300 in 2.x, where the docs
 * are silent), integers, floats, booleans; dates as {@code YYYY-MM-DDTHH:mm:ss} or epoch seconds
 * in 1.1, RFC 3339 in UTC in 2.x; and, in 2.x only, arrays of at most 25 strings.
 */
final class AttributeValues {
    static final int MAX_ARRAY_ITEMS = 25;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private AttributeValues() {
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

    /**
     * Checks an element's attributes and writes them to {@code out}.
     *
     * @return how many there were
     */
    static int copy(JsonParser p, JsonGenerator out, String where, Rules rules) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ApiError.malformed(where + ".attributes must be an object");
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
                throw ApiError.malformed(where + ": invalid attribute name '" + key + "'");
            }
            out.writeFieldName(key);
            switch (value) {
                case VALUE_STRING: {
                    String s = p.getText();
                    if (date) {
                        checkDate(s, bad(where, key), rules);
                    } else if (url) {
                        if (s.length() > 2048 || !isHttpUrl(s)) {
                            throw ApiError.malformed(bad(where, key) + ": not an http(s) URL of at most 2048 characters");
                        }
                    } else if (s.length() > rules.maxString()) {
                        throw ApiError.malformed(bad(where, key) + ": strings are at most " + rules.maxString()
                                                 + " characters");
                    }
                    out.writeString(s);
                    break;
                }
                case START_ARRAY:
                    if (rules != Rules.V2 || date || url) {
                        throw ApiError.malformed(bad(where, key) + ": values are strings, integers, floats or booleans");
                    }
                    copyArray(p, out, bad(where, key));
                    break;
                case VALUE_NUMBER_INT:
                    if (url || date && (rules == Rules.V2 || p.getLongValue() < 0)) {
                        throw ApiError.malformed(bad(where, key));
                    }
                    out.writeNumber(p.getLongValue());
                    break;
                case VALUE_NUMBER_FLOAT:
                    if (date || url) {
                        throw ApiError.malformed(bad(where, key));
                    }
                    out.writeNumber(p.getDoubleValue());
                    break;
                case VALUE_TRUE:
                case VALUE_FALSE:
                    if (date || url) {
                        throw ApiError.malformed(bad(where, key));
                    }
                    out.writeBoolean(value == JsonToken.VALUE_TRUE);
                    break;
                default:
                    throw ApiError.malformed(bad(where, key) + ": values are strings, integers, floats, booleans"
                                             + (rules == Rules.V2 ? " or arrays of strings" : ""));
            }
        }
        out.writeEndObject();
        return count;
    }

    private static String bad(String where, String key) {
        return where + ": invalid value for attribute '" + key + "'";
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


    private static void checkDate(String s, String bad, Rules rules) {
        try {
            if (rules == Rules.V2) {
                if (!s.endsWith("Z")) {
                    throw ApiError.malformed(bad + ": dates are RFC 3339 in UTC (…Z)");
                }
                Instant.parse(s);
            } else {
                LocalDateTime.parse(s, DATE);
            }
        } catch (DateTimeParseException e) {
            throw ApiError.malformed(bad + (rules == Rules.V2 ? ": dates are RFC 3339 in UTC (…Z)"
                    : ": dates are YYYY-MM-DDTHH:mm:ss or epoch seconds"));
        }
    }

    private static void copyArray(JsonParser p, JsonGenerator out, String bad) throws IOException {
        out.writeStartArray();
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING || p.getText().length() > Rules.V2.maxString()) {
                throw ApiError.malformed(bad + ": an array holds strings of at most " + Rules.V2.maxString()
                                         + " characters");
            }
            if (++count > MAX_ARRAY_ITEMS) {
                throw ApiError.malformed(bad + ": an array holds at most " + MAX_ARRAY_ITEMS + " strings");
            }
            out.writeString(p.getText());
        }
        out.writeEndArray();
    }
}
