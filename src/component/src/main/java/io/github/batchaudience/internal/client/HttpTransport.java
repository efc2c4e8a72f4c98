package io.github.batchaudience.internal.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.SharedLimits;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP to Batch, whichever API, through the account's {@link AccountLink}: its pooled client,
 * rate and write slots, shared with the account's other endpoints. This class owns the retry
 * policy. Nothing it logs or throws contains a header or the request URL, which may hold a key.
 */
final class HttpTransport implements Closeable {
    /** One log category for the retries, whichever API they are made to. */
    private static final Logger LOG = LoggerFactory.getLogger(BatchApiClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final RetryPolicy retryPolicy;
    private final AccountLink account;
    private final Map<String, String> headers;
    private final RequestConfig requestConfig;

    /**
     * @param headers  sent with every request (the keys)
     * @param accounts where the account's link is shared with its other endpoints
     */
    HttpTransport(ClientSettings settings, Map<String, String> headers, SharedAccounts accounts) {
        this.retryPolicy = settings.retryPolicy();
        this.account = accounts.open(settings);
        this.headers = Map.copyOf(headers);
        this.requestConfig = RequestConfig.custom()
                .setResponseTimeout(Timeout.ofMilliseconds(settings.requestTimeoutMs()))
                .build();
    }

    /** A write: as {@link #execute(String, String, byte[], String, CallCounter)}, in one of the account's write slots. */
    Map<String, Object> executeWrite(String method, String uri, byte[] body, String what, CallCounter counter)
            throws ApiException, InterruptedException {
        try (SharedLimits.Slot slot = account.writeSlot()) {
            return execute(method, uri, body, what, counter);
        }
    }

    /** Sends the request, retrying what the policy retries; {@code what} names it in messages. */
    Map<String, Object> execute(String method, String uri, byte[] body, String what, CallCounter counter)
            throws ApiException, InterruptedException {
        return execute(method, uri, body, what, counter, retryPolicy.maxAttempts());
    }

    /** As {@link #execute(String, String, byte[], String, CallCounter)}, with at most {@code maxAttempts}. */
    Map<String, Object> execute(String method, String uri, byte[] body, String what, CallCounter counter,
                                int maxAttempts)
            throws ApiException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            account.acquire();
            counter.attempt(attempt);
            long retryAfterMs = -1;
            ApiException failure;
            try {
                Reply reply = send(method, uri, body);
                if (reply.status >= 200 && reply.status < 300) {
                    return reply.success(attempt);
                }
                failure = reply.toException(attempt);
                if (!RetryPolicy.isRetryable(reply.status)) {
                    throw failure;
                }
                retryAfterMs = RetryPolicy.parseRetryAfter(reply.retryAfter, System.currentTimeMillis());
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException(what + " interrupted");
                }
                failure = ioFailure(e, attempt);
            } catch (IOException e) {
                failure = ioFailure(e, attempt);
            }
            if (attempt >= maxAttempts) {
                throw failure;
            }
            long delay = retryPolicy.delayMs(attempt, retryAfterMs);
            LOG.debug("{} failed ({}); attempt {} of {} in {} ms", what, failure.getMessage(), attempt + 1,
                      maxAttempts, delay);
            TimeUnit.MILLISECONDS.sleep(delay);
        }
    }

    /**
     * An I/O failure as an ApiException. The cause is left out on purpose: HttpClient's exception
     * messages can name the request URI, which holds the app key.
     */
    private static ApiException ioFailure(IOException e, int attempt) {
        String kind = e.getClass().getSimpleName();
        String message = e.getMessage();
        return new ApiException(0, ApiError.UNKNOWN, null,
                                kind + (message == null || message.contains("/") ? "" : ": " + message), attempt, null);
    }

    private Reply send(String method, String uri, byte[] body) throws IOException {
        HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(uri));
        request.setConfig(requestConfig);
        headers.forEach(request::setHeader);
        request.setHeader("Accept", "application/json");
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        }
        return account.http().execute(request, response -> {
            Header retryAfter = response.getFirstHeader("Retry-After");
            byte[] bytes = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
            return new Reply(response.getCode(), bytes, retryAfter == null ? null : retryAfter.getValue());
        });
    }

    static byte[] json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The indexing token of an accepted write. */
    static String token(Map<String, Object> reply) throws ApiException {
        Object token = reply.get("indexing_token");
        if (token == null) {
            throw new ApiException(201, ApiError.UNKNOWN, null, "the API accepted the write but sent no indexing_token", 1,
                                   null);
        }
        return token.toString();
    }

    @Override
    public void close() {
        account.close();
    }

    private static final class Reply {
        final int status;
        final byte[] body;
        final String retryAfter;

        Reply(int status, byte[] body, String retryAfter) {
            this.status = status;
            this.body = body;
            this.retryAfter = retryAfter;
        }

        Map<String, Object> json() throws IOException {
            if (body.length == 0) {
                return Collections.emptyMap();
            }
            return JSON.readValue(body, MAP);
        }

        /**
         * A 2xx answer's JSON. One that is not JSON was an answer all the same, not a lost
         * connection: it fails as what it is, and is not sent again.
         */
        Map<String, Object> success(int attempt) throws ApiException {
            try {
                return json();
            } catch (IOException notJson) {
                throw new ApiException(status, ApiError.UNKNOWN, null,
                                       "the API answered " + status + " with a body that is not JSON: " + text(), attempt,
                                       null);
            }
        }

        private String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        ApiException toException(int attempt) {
            Map<String, Object> parsed;
            try {
                parsed = json();
            } catch (IOException notJson) {
                parsed = Map.of("error_message", text());
            }
            Integer code = ApiError.codeIn(parsed);
            return new ApiException(status, ApiError.of(status, code, ApiError.nameIn(parsed)), code,
                                    ApiError.messageIn(parsed), attempt, null);
        }
    }
}
