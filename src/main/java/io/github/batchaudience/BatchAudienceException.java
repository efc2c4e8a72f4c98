package io.github.batchaudience;

import java.util.List;

import io.github.batchaudience.client.ApiException;
import org.apache.camel.CamelException;

/**
 * A permanent failure of the Custom Audience API: the HTTP status (0 when no response came),
 * the error's name and code, the API's message, the audience, and what the exchange had already
 * got applied before it failed ({@link #getPartialResult()}). It never carries a key.
 */
public class BatchAudienceException extends CamelException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorName;
    private final Integer errorCode;
    private final String apiMessage;
    private final String audience;
    private final transient BatchAudienceResult partialResult;

    public BatchAudienceException(String operation, String audience, ApiException cause, BatchAudienceResult partialResult) {
        super(describe(operation, audience, cause, partialResult), cause);
        this.status = cause.getStatus();
        this.errorName = cause.getError().name();
        this.errorCode = cause.getErrorCode();
        this.apiMessage = cause.getApiMessage();
        this.audience = audience;
        this.partialResult = partialResult;
    }

    private static String describe(String operation, String audience, ApiException cause, BatchAudienceResult partial) {
        String head = operation + (audience == null ? "" : " of audience " + audience) + " failed: " + cause.getMessage();
        if (partial == null) {
            return head;
        }
        return head + " (" + partial.getWriteRequests() + " write request(s) with " + partial.getIdsSent()
               + " IDs had already been accepted)";
    }

    /**
     * Whether the failure may pass if the same input is sent again later: no answer at all, 429
     * or a 5xx once the retries were spent. Other failures (a refused key, a missing audience, a
     * malformed request) will fail again until something is changed.
     */
    public boolean isTransient() {
        return status == 0 || status == 429 || status >= 500;
    }

    public int getStatus() {
        return status;
    }

    public String getErrorName() {
        return errorName;
    }

    public Integer getErrorCode() {
        return errorCode;
    }

    public String getApiMessage() {
        return apiMessage;
    }

    public String getAudience() {
        return audience;
    }

    /** What had been done before the failure (accepted requests, their tokens, rejected rows), or null. */
    public BatchAudienceResult getPartialResult() {
        return partialResult;
    }

    /** Tokens of the write requests accepted before the failure. */
    public List<String> getAcceptedTokens() {
        return partialResult == null ? List.of() : partialResult.getTokens();
    }
}
