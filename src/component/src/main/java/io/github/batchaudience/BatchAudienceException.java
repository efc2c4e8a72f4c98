package io.github.batchaudience;

import io.github.batchaudience.internal.client.ApiException;
import org.apache.camel.CamelException;

/**
 * Every failure of the component reaches the route as one of these (or the subclass
 * {@link BatchAudienceInputException} for input that cannot be read). It says whether the same
 * exchange may succeed if sent again later ({@link #isTransient()}), and carries what the API
 * said (HTTP status, error name and code, message; status 0 when no answer came or the failure
 * was local), the audience, and what the exchange had already got applied before it failed
 * ({@link #getPartialResult()}). It never carries a key.
 */
public class BatchAudienceException extends CamelException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorName;
    private final Integer errorCode;
    private final String apiMessage;
    private final String audience;
    private final boolean transientFailure;
    private final transient BatchAudienceResult partialResult;

    /** A failure the API answered (or did not answer, status 0) after the component's retries. */
    BatchAudienceException(String operation, String audience, ApiException cause, BatchAudienceResult partialResult) {
        super(describe(operation, audience, cause.getMessage(), partialResult), cause);
        this.status = cause.getStatus();
        this.errorName = cause.getError().name();
        this.errorCode = cause.getErrorCode();
        this.apiMessage = cause.getApiMessage();
        this.audience = audience;
        this.transientFailure = status == 0 || status == 429 || status >= 500;
        this.partialResult = partialResult;
    }

    /** A failure found before or beside the API: a bad input or setting, the removal guard, a local fault. */
    BatchAudienceException(String operation, String audience, String reason, boolean transientFailure, Throwable cause,
                           BatchAudienceResult partialResult) {
        super(describe(operation, audience, reason, partialResult), cause);
        this.status = 0;
        this.errorName = null;
        this.errorCode = null;
        this.apiMessage = null;
        this.audience = audience;
        this.transientFailure = transientFailure;
        this.partialResult = partialResult;
    }

    private static String describe(String operation, String audience, String reason, BatchAudienceResult partial) {
        String head = operation + (audience == null ? "" : " of audience " + audience) + " failed: " + reason;
        if (partial == null || partial.getWriteRequests() == 0) {
            return head;
        }
        return head + " (" + partial.getWriteRequests() + " write request(s) with " + partial.getIdsSent()
               + " IDs had already been accepted)";
    }

    /**
     * Whether the failure may pass if the same input is sent again later: no answer at all, 429
     * or a 5xx once the retries were spent, an indexing wait that timed out, a local I/O fault.
     * Other failures (a refused key, a missing audience, a malformed request or input, a bad
     * setting, the removal guard) will fail again until something is changed.
     */
    public boolean isTransient() {
        return transientFailure;
    }

    /** The HTTP status of the API's answer, or 0 when none came or the failure was local. */
    public int getStatus() {
        return status;
    }

    /** The API's error ({@code AUTHENTICATION_INVALID}, {@code ROUTE_NOT_FOUND}…), or null for a local failure. */
    public String getErrorName() {
        return errorName;
    }

    /** The API's error code, or null. */
    public Integer getErrorCode() {
        return errorCode;
    }

    /** The API's error message, or null. */
    public String getApiMessage() {
        return apiMessage;
    }

    /** The audience, or null for {@code list}. */
    public String getAudience() {
        return audience;
    }

    /** What had been done before the failure (accepted requests, their tokens, rejected rows), or null. */
    public BatchAudienceResult getPartialResult() {
        return partialResult;
    }
}
