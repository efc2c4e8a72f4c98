package io.github.batchaudience.internal.client;

import java.util.Map;

/**
 * The API's documented errors. The error body's shape is not documented, so the code may come
 * as {@code error_code} or {@code code}, as number or string.
 */
public enum ApiError {
    AUTHENTICATION_INVALID(10),
    API_MISUSE(12),
    ROUTE_NOT_FOUND(20),
    MISSING_PARAMETER(30),
    MALFORMED_PARAMETER(31),
    MALFORMED_JSON_BODY(32),
    SERVER_ERROR(1),
    MAINTENANCE_ERROR(2),
    RATE_LIMITED(-1),
    /** The Audiences API's name for an audience that does not exist. */
    NOT_FOUND(-2),
    /** The Audiences API's refusal to create an audience whose name is taken. */
    ALREADY_EXISTS(-3),
    UNKNOWN(0);

    private final int code;

    ApiError(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The error a reply stands for: by its code when it has one we know, else by HTTP status. */
    public static ApiError of(int status, Integer code) {
        return of(status, code, null);
    }

    /**
     * The error a reply stands for: by its name (the Audiences API's codes are names), else by its
     * numeric code (the Custom Audience API's), else by HTTP status.
     */
    public static ApiError of(int status, Integer code, String name) {
        if (name != null) {
            for (ApiError e : values()) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
        }
        if (code != null) {
            for (ApiError e : values()) {
                if (e.code == code && e.code > 0) {
                    return e;
                }
            }
        }
        switch (status) {
            case 401:
                return AUTHENTICATION_INVALID;
            case 403:
                return API_MISUSE;
            case 404:
                return ROUTE_NOT_FOUND;
            case 429:
                return RATE_LIMITED;
            case 500:
                return SERVER_ERROR;
            case 503:
                return MAINTENANCE_ERROR;
            default:
                return UNKNOWN;
        }
    }

    /** Reads {@code error_code}/{@code code} as a number, whether the API sent a number or a string. */
    static Integer codeIn(Map<?, ?> body) {
        Object raw = body.containsKey("error_code") ? body.get("error_code") : body.get("code");
        if (raw instanceof Number) {
            return ((Number) raw).intValue();
        }
        if (raw instanceof String) {
            try {
                return Integer.valueOf(((String) raw).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Reads {@code error_code} when it is a name rather than a number, else null. */
    static String nameIn(Map<?, ?> body) {
        Object raw = body.get("error_code");
        return raw instanceof String && codeIn(body) == null ? ((String) raw).trim() : null;
    }

    /** Reads {@code error_message}/{@code message}, whichever is there. */
    static String messageIn(Map<?, ?> body) {
        Object raw = body.containsKey("error_message") ? body.get("error_message") : body.get("message");
        return raw == null ? null : String.valueOf(raw);
    }
}
