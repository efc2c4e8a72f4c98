package io.github.batchaudience.internal.client;

/**
 * A request that failed for good: a refusal that is not worth retrying, or a transient failure
 * that outlived its attempts. Its message never contains a key or the request URL.
 */
public class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final ApiError error;
    private final Integer errorCode;
    private final String apiMessage;
    private final int attempts;

    /** The most of an answer's text kept: a proxy's HTML error page must not fill log lines and reports. */
    static final int MAX_MESSAGE = 300;

    public ApiException(int status, ApiError error, Integer errorCode, String apiMessage, int attempts, Throwable cause) {
        super(describe(status, error, errorCode, shortened(apiMessage), attempts), cause);
        this.status = status;
        this.error = error;
        this.errorCode = errorCode;
        this.apiMessage = shortened(apiMessage);
        this.attempts = attempts;
    }

    /** On one line, and at most {@link #MAX_MESSAGE} characters. */
    private static String shortened(String message) {
        if (message == null) {
            return null;
        }
        String line = message.replaceAll("\\s+", " ").trim();
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "… (" + line.length() + " characters)"
                : line;
    }

    private static String describe(int status, ApiError error, Integer code, String apiMessage, int attempts) {
        StringBuilder sb = new StringBuilder();
        if (status > 0) {
            sb.append("HTTP ").append(status).append(' ').append(error.name());
            if (code != null) {
                sb.append(" (code ").append(code).append(')');
            }
        } else {
            sb.append("no response from the API");
        }
        if (apiMessage != null && !apiMessage.isBlank()) {
            sb.append(": ").append(apiMessage);
        }
        if (attempts > 1) {
            sb.append(" (after ").append(attempts).append(" attempts)");
        }
        return sb.toString();
    }

    /** The HTTP status, or 0 when no response was received (I/O failure). */
    public int getStatus() {
        return status;
    }

    public ApiError getError() {
        return error;
    }

    public Integer getErrorCode() {
        return errorCode;
    }

    public String getApiMessage() {
        return apiMessage;
    }

    public int getAttempts() {
        return attempts;
    }

    /** A 400: the API refused the content of the request, so splitting it can isolate the cause. */
    public boolean isContentRefused() {
        return status == 400;
    }

    /** The API said the audience does not exist (or the route is unknown). */
    public boolean isNotFound() {
        return status == 404;
    }
}
