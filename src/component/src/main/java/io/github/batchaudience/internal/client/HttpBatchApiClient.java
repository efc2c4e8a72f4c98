package io.github.batchaudience.internal.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Custom Audience API 1.x over HTTP: one pooled Apache HttpClient 5 per endpoint, with the
 * client's own automatic retries off (HttpClient 5.5 would otherwise honour Retry-After by
 * itself and could stall a route for hours, CAMEL-23345) because this class owns the retry
 * policy. Nothing it logs or throws contains a key or the request URL, which holds the app key.
 * Create is {@code POST /NAME}, update {@code PATCH}, replace {@code PUT} (1.1), view
 * {@code GET /NAME[?indexing_token=T]}, list {@code GET ?from=&limit=}, delete {@code DELETE}.
 */
public final class HttpBatchApiClient implements BatchApiClient {
    /** One log category for the retries, whichever implementation makes them. */
    private static final Logger LOG = LoggerFactory.getLogger(BatchApiClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final String baseUrl;
    private final String encodedApiKey;
    private final String restApiKey;
    private final RetryPolicy retryPolicy;
    private final RateLimiter rateLimiter;
    private final CloseableHttpClient http;

    public HttpBatchApiClient(ClientSettings settings) {
        this.baseUrl = settings.baseUrl;
        this.encodedApiKey = URLEncoder.encode(settings.apiKey, StandardCharsets.UTF_8).replace("+", "%20");
        this.restApiKey = settings.restApiKey;
        this.retryPolicy = settings.retryPolicy;
        this.rateLimiter = new RateLimiter(settings.maxRequestsPerSecond);
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections)
                .setMaxConnPerRoute(settings.maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMs))
                        .setSocketTimeout(Timeout.ofMilliseconds(settings.requestTimeoutMs))
                        // A pooled connection idle this long is checked before reuse, so that a
                        // connection the server closed does not cost an attempt.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(settings.requestTimeoutMs))
                        .build())
                .setUserAgent("camel-batch-audience")
                .build();
    }

    @Override
    public void create(String version, String audience, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException {
        execute("POST", version, audience, null, body, counter);
    }

    @Override
    public String update(String version, String audience, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException {
        return token(execute("PATCH", version, audience, null, body, counter));
    }

    @Override
    public String replace(String version, String audience, byte[] body, CallCounter counter)
            throws ApiException, InterruptedException {
        return token(execute("PUT", version, audience, null, body, counter));
    }

    @Override
    public Map<String, Object> view(String version, String audience, String token, CallCounter counter)
            throws ApiException, InterruptedException {
        String query = token == null ? null : "indexing_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return execute("GET", version, audience, query, null, counter);
    }

    @Override
    public Map<String, Object> list(String version, int from, int limit, CallCounter counter)
            throws ApiException, InterruptedException {
        return execute("GET", version, null, "from=" + from + "&limit=" + limit, null, counter);
    }

    @Override
    public void probe() throws ApiException, InterruptedException {
        execute("GET", "1.0", null, "from=0&limit=1", null, new CallCounter(), 1);
    }

    @Override
    public void delete(String version, String audience, CallCounter counter) throws ApiException, InterruptedException {
        execute("DELETE", version, audience, null, null, counter);
    }

    private static String token(Map<String, Object> reply) throws ApiException {
        Object token = reply.get("indexing_token");
        if (token == null) {
            throw new ApiException(201, ApiError.UNKNOWN, null, "the API accepted the write but sent no indexing_token", 1,
                                   null);
        }
        return token.toString();
    }

    private Map<String, Object> execute(String method, String version, String audience, String query, byte[] body,
                                        CallCounter counter)
            throws ApiException, InterruptedException {
        return execute(method, version, audience, query, body, counter, retryPolicy.maxAttempts());
    }

    private Map<String, Object> execute(String method, String version, String audience, String query, byte[] body,
                                        CallCounter counter, int maxAttempts)
            throws ApiException, InterruptedException {
        String uri = baseUrl + "/" + version + "/" + encodedApiKey + "/custom-audience"
                     + (audience == null ? "" : "/" + audience) + (query == null ? "" : "?" + query);
        String what = method + " " + (audience == null ? "custom-audience list" : audience);
        for (int attempt = 1;; attempt++) {
            rateLimiter.acquire();
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
        request.setHeader("X-Authorization", restApiKey);
        request.setHeader("Accept", "application/json");
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        }
        return http.execute(request, response -> {
            Header retryAfter = response.getFirstHeader("Retry-After");
            byte[] bytes = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
            return new Reply(response.getCode(), bytes, retryAfter == null ? null : retryAfter.getValue());
        });
    }

    @Override
    public void close() throws IOException {
        http.close();
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
            return new ApiException(status, ApiError.of(status, code), code, ApiError.messageIn(parsed), attempt, null);
        }
    }
}
