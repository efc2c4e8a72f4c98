package io.github.batchaudience.internal.client;

import io.github.batchaudience.BatchAudienceConfiguration;

/**
 * What a {@link BatchApiClient} needs to know, read from an endpoint's configuration: where, with
 * which keys, and how patiently. Exactly one of {@code apiKey} (an app, Custom Audience API 1.x)
 * and {@code projectKey} (a project, Audiences API 2.x) is set.
 */
public record ClientSettings(String baseUrl, String apiKey, String projectKey, String apiVersion, String restApiKey,
                             long connectTimeoutMs, long requestTimeoutMs, int maxConnections,
                             double maxRequestsPerSecond, RetryPolicy retryPolicy) {

    /** @param baseUrl the configuration's base URL, already checked */
    public static ClientSettings of(BatchAudienceConfiguration c, String baseUrl) {
        return new ClientSettings(baseUrl, blankAsNull(c.getApiKey()), blankAsNull(c.getProjectKey()), c.getApiVersion(),
                                  c.getRestApiKey(), c.getConnectTimeout(), c.getRequestTimeout(),
                                  Math.max(1, c.getParallelRequests() + 2), c.getMaxRequestsPerSecond(),
                                  new RetryPolicy(c.getMaxAttempts(), c.getInitialBackoff(), c.getMaxBackoff()));
    }

    public ClientSettings {
        if (apiKey == null && projectKey == null) {
            throw new IllegalArgumentException("set apiKey (an app's key, for the Custom Audience API 1.x) or projectKey"
                                               + " (a project's key, for the Audiences API 2.x)");
        }
        if (apiKey != null && projectKey != null) {
            throw new IllegalArgumentException("set apiKey (an app's key, for the Custom Audience API 1.x) or projectKey"
                                               + " (a project's key, for the Audiences API 2.x), not both at the same"
                                               + " level: an endpoint's own setting wins over the component's");
        }
        if (restApiKey == null || restApiKey.isBlank()) {
            throw new IllegalArgumentException("restApiKey must be set (the company's REST API key)");
        }
        if (projectKey != null && (apiVersion == null || !apiVersion.matches("2\\.\\d{1,2}"))) {
            throw new IllegalArgumentException("apiVersion must be an Audiences API version such as 2.11, not '"
                                               + apiVersion + "'");
        }
    }

    /** The client of the API the keys select. */
    public BatchApiClient newClient() {
        return projectKey != null ? new AudiencesClient(this) : new CustomAudienceClient(this);
    }

    private static String blankAsNull(String key) {
        return key == null || key.isBlank() ? null : key.trim();
    }
}
