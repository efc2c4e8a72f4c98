package io.github.batchaudience.internal.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.batchaudience.internal.client.ApiDialect;
import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.IdOperation;
import io.github.batchaudience.model.IdType;

/**
 * The API's rules for one element of {@code ids}, checked locally so that an invalid row never
 * reaches the API and never takes valid rows down with it. An instance serves one thread: it
 * remembers the attribute names it has seen pass.
 */
public final class OperationValidator {
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_ATTRIBUTES = 15;
    public static final int MAX_ATTRIBUTE_NAME = 30;
    public static final int MAX_STRING_VALUE = 64;
    /** The Audiences API documents no limit; the emulator's, so that a value is not refused only there. */
    public static final int MAX_STRING_VALUE_2 = 300;
    public static final int MAX_ARRAY_ITEMS = 25;
    public static final int MAX_URL = 2048;
    public static final int MAX_TAGS = 10;
    public static final int MAX_TAG_LENGTH = 64;
    private static final String ZERO_ADVERTISING_ID = "00000000-0000-0000-0000-000000000000";
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private final IdType idType;
    private final ApiDialect dialect;
    /**
     * Attribute names seen to pass, by identity, with their kind: a file's rows share the names of
     * its header (and Jackson shares the field names it reads), so most checks of a name are
     * one comparison of references rather than a scan of its characters.
     */
    private final String[] namesPassed = new String[16];
    private final String[] kindsPassed = new String[16];
    private int nextName;

    /** The rules of the Custom Audience API version the ID type lives in. */
    public OperationValidator(IdType idType) {
        this(idType, ApiDialect.of(idType));
    }

    public OperationValidator(IdType idType, ApiDialect dialect) {
        this.idType = idType;
        this.dialect = dialect;
    }

    /** Advertising IDs are trimmed and lower-cased; other IDs are taken as they are. */
    public IdOperation normalize(IdOperation op) {
        if (idType != IdType.advertising_ids || op.getId() == null) {
            return op;
        }
        return op.withId(op.getId().trim().toLowerCase(Locale.ROOT));
    }

    /** Null when the operation is valid for this ID type, else the reason, phrased for a report. */
    public String check(IdOperation op) {
        String id = op.getId();
        if (id == null || id.isEmpty()) {
            return "id is empty";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "id is longer than " + MAX_ID_LENGTH + " characters (" + id.length() + ")";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return "id has a control character (U+" + String.format("%04X", (int) c) + ") at position " + (i + 1);
            }
        }
        if (idType == IdType.advertising_ids) {
            String problem = checkAdvertisingId(id);
            if (problem != null) {
                return problem;
            }
        }
        boolean extras = !op.getAttributes().isEmpty() || !op.getTags().isEmpty();
        if (extras && !dialect.allowsAttributes()) {
            return "attributes and tags need install_ids (API 1.1); this audience holds " + idType;
        }
        if (!op.getTags().isEmpty() && !dialect.allowsTags()) {
            return "tags are not part of the Audiences API (a project's audiences take attributes only)";
        }
        if (extras && op.getAction() == Action.REMOVE) {
            return "attributes and tags are only allowed with add, not remove";
        }
        String problem = checkAttributes(op.getAttributes());
        return problem != null ? problem : checkTags(op.getTags());
    }

    private static String checkAdvertisingId(String id) {
        if (id.equals(ZERO_ADVERTISING_ID)) {
            return "advertising id is all zeros (the user limited ad tracking)";
        }
        if (id.length() != 36) {
            return "advertising id is not a GAID/IDFA (8-4-4-4-12 hexadecimal digits)";
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return "advertising id is not a GAID/IDFA (8-4-4-4-12 hexadecimal digits)";
            }
        }
        return null;
    }

    private String checkAttributes(Map<String, Object> attributes) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            return "more than " + MAX_ATTRIBUTES + " attributes (" + attributes.size() + ")";
        }
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            String problem = checkAttribute(e.getKey(), e.getValue());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private String checkAttribute(String key, Object value) {
        String kind = passedKind(key);
        if (kind == null) {
            String name = key;
            kind = "";
            if (key.startsWith("date(") && key.endsWith(")")) {
                kind = "date";
                name = key.substring(5, key.length() - 1);
            } else if (key.startsWith("url(") && key.endsWith(")")) {
                kind = "url";
                name = key.substring(4, key.length() - 1);
            }
            if (!isAttributeName(name)) {
                return "attribute name '" + shorten(key) + "' must be 1 to " + MAX_ATTRIBUTE_NAME
                       + " characters of a-z, 0-9 and _ (optionally in date(…) or url(…))";
            }
            namesPassed[nextName] = key;
            kindsPassed[nextName] = kind;
            nextName = (nextName + 1) % namesPassed.length;
        }
        if (value == null) {
            return "attribute " + key + " has no value (null)";
        }
        switch (kind) {
            case "date":
                return checkDate(key, value);
            case "url":
                return checkUrl(key, value);
            default:
                return checkPlain(key, value);
        }
    }

    /** The kind of a name seen to pass, this very string; else null. */
    private String passedKind(String key) {
        for (int i = 0; i < namesPassed.length; i++) {
            if (namesPassed[i] == key) {
                return kindsPassed[i];
            }
        }
        return null;
    }

    private static boolean isAttributeName(String name) {
        if (name.isEmpty() || name.length() > MAX_ATTRIBUTE_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private String checkDate(String key, Object value) {
        if (dialect == ApiDialect.AUDIENCES_2) {
            return checkRfc3339(key, value);
        }
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue() >= 0 ? null : "attribute " + key + ": epoch seconds must not be negative";
        }
        if (value instanceof String) {
            try {
                LocalDateTime.parse((String) value, ISO_SECONDS);
                return null;
            } catch (DateTimeException e) {
                // fall through to the explanation below
            }
        }
        return "attribute " + key + ": '" + shorten(String.valueOf(value))
               + "' is not a date (YYYY-MM-DDTHH:mm:ss in UTC, or epoch seconds)";
    }

    private static String checkUrl(String key, Object value) {
        if (!(value instanceof String)) {
            return "attribute " + key + ": a URL must be a string";
        }
        String url = (String) value;
        if (url.length() > MAX_URL) {
            return "attribute " + key + ": URL is longer than " + MAX_URL + " characters (" + url.length() + ")";
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return null;
            }
        } catch (URISyntaxException e) {
            // fall through to the explanation below
        }
        return "attribute " + key + ": '" + shorten(url) + "' is not an absolute http(s) URL";
    }

    /** The Audiences API takes RFC 3339 dates in UTC ({@code 2026-11-01T10:00:00Z}). */
    private static String checkRfc3339(String key, Object value) {
        if (value instanceof String && ((String) value).endsWith("Z")) {
            try {
                Instant.parse((String) value);
                return null;
            } catch (DateTimeException e) {
                // fall through to the explanation below
            }
        }
        return "attribute " + key + ": '" + shorten(String.valueOf(value))
               + "' is not a date (RFC 3339 in UTC, such as 2026-11-01T10:00:00Z)";
    }

    private String checkPlain(String key, Object value) {
        int maxString = dialect == ApiDialect.AUDIENCES_2 ? MAX_STRING_VALUE_2 : MAX_STRING_VALUE;
        if (value instanceof String) {
            String s = (String) value;
            return s.length() <= maxString ? null
                    : "attribute " + key + ": string is longer than " + maxString + " characters (" + s.length() + ")";
        }
        if (value instanceof List && dialect == ApiDialect.AUDIENCES_2) {
            return checkArray(key, (List<?>) value);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
            || value instanceof Boolean) {
            return null;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? null : "attribute " + key + ": " + d + " is not a finite number";
        }
        return "attribute " + key + ": value must be a string, integer, float or boolean"
               + (dialect == ApiDialect.AUDIENCES_2 ? " or an array of strings" : "") + ", not "
               + (value instanceof Map ? "an object" : value instanceof List ? "an array" : value.getClass().getSimpleName());
    }

    private static String checkArray(String key, List<?> items) {
        if (items.size() > MAX_ARRAY_ITEMS) {
            return "attribute " + key + ": more than " + MAX_ARRAY_ITEMS + " items (" + items.size() + ")";
        }
        for (Object item : items) {
            if (!(item instanceof String)) {
                return "attribute " + key + ": an array holds strings only, not " + item;
            }
            if (((String) item).length() > MAX_STRING_VALUE_2) {
                return "attribute " + key + ": an item is longer than " + MAX_STRING_VALUE_2 + " characters";
            }
        }
        return null;
    }

    private static String checkTags(List<String> tags) {
        if (tags.size() > MAX_TAGS) {
            return "more than " + MAX_TAGS + " tags (" + tags.size() + ")";
        }
        for (Object tag : tags) {
            if (!(tag instanceof String)) {
                return "tag " + tag + " is not a string";
            }
            String t = (String) tag;
            if (t.isEmpty() || t.length() > MAX_TAG_LENGTH) {
                return "tag '" + shorten(t) + "' must be 1 to " + MAX_TAG_LENGTH + " characters (" + t.length() + ")";
            }
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
