package io.github.batchaudience.internal.client;

/** What a {@link BatchApiClient} needs to know; built from the endpoint's configuration. */
public final class ClientSettings {
    final String baseUrl;
    final String apiKey;
    final String restApiKey;
    final long connectTimeoutMs;
    final long requestTimeoutMs;
    final int maxConnections;
    final double maxRequestsPerSecond;
    final RetryPolicy retryPolicy;

    public ClientSettings(String baseUrl, String apiKey, String restApiKey, long connectTimeoutMs, long requestTimeoutMs,
                          int maxConnections, double maxRequestsPerSecond, RetryPolicy retryPolicy) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must be set (the app's API key)");
        }
        if (restApiKey == null || restApiKey.isBlank()) {
            throw new IllegalArgumentException("restApiKey must be set (the company's REST API key)");
        }
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.restApiKey = restApiKey;
        this.connectTimeoutMs = connectTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.maxConnections = Math.max(1, maxConnections);
        this.maxRequestsPerSecond = maxRequestsPerSecond;
        this.retryPolicy = retryPolicy;
    }
}
