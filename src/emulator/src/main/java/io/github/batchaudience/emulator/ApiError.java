package io.github.batchaudience.emulator;

/**
 * A documented API error, thrown anywhere in a request's handling and answered as JSON: with its
 * numeric code by the Custom Audience API, with its name by the Audiences API.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final int code;
    final String name;

    private ApiError(int status, int code, String name, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.name = name;
    }

    static ApiError authentication(String message) {
        return new ApiError(401, 10, "AUTHENTICATION_INVALID", message);
    }

    static ApiError misuse(String message) {
        return new ApiError(403, 12, "API_MISUSE", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, 20, "ROUTE_NOT_FOUND", message);
    }

    static ApiError missing(String message) {
        return new ApiError(400, 30, "MISSING_PARAMETER", message);
    }

    static ApiError malformed(String message) {
        return new ApiError(400, 31, "MALFORMED_PARAMETER", message);
    }

    static ApiError malformedJson(String message) {
        return new ApiError(400, 32, "MALFORMED_JSON_BODY", message);
    }

    /** The Audiences API's refusal to create a name that is taken. */
    static ApiError alreadyExists(String message) {
        return new ApiError(400, 31, "ALREADY_EXISTS", message);
    }

    static ApiError server(String message) {
        return new ApiError(500, 1, "SERVER_ERROR", message);
    }

    static ApiError maintenance(String message) {
        return new ApiError(503, 2, "MAINTENANCE_ERROR", message);
    }

    /** The Audiences API's {@code error_code}: a name. */
    String nameIn2x() {
        return status == 404 ? "NOT_FOUND" : code == 32 ? "MALFORMED_PARAMETER" : name;
    }
}
