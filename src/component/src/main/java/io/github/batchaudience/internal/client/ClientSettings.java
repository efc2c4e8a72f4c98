package io.github.batchaudience.internal.client;

import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.SharedLimits;

/**
 * What a {@link BatchApiClient} needs to know, read from an endpoint's configuration: where, with
 * which keys, and how patiently. Exactly one of {@code apiKey} (an app, Custom Audience API 1.x)
 * and {@code projectKey} (a project, Audiences API 2.x) is set.
 */
public record ClientSettings(String baseUrl, String apiKey, String projectKey, String apiVersion, String restApiKey,
                             long connectTimeoutMs, long requestTimeoutMs, int parallelRequests,
                             double maxRequestsPerSecond, RetryPolicy retryPolicy, SharedLimits sharedLimits) {

    /**
     * The settings of each destination: one per app key of {@code apiKey} (several, separated by
     * commas, for an audience kept in several apps), or one for the project.
     *
     * @param baseUrl the configuration's base URL, already checked
     */
    public static List<ClientSettings> of(BatchAudienceConfiguration c, String baseUrl) {
        String projectKey = blankAsNull(c.getProjectKey());
        List<String> appKeys = appKeys(c.getApiKey());
        if (appKeys.isEmpty() || projectKey != null) {
            return List.of(of(c, baseUrl, appKeys.isEmpty() ? null : c.getApiKey(), projectKey));
        }
        List<ClientSettings> all = new ArrayList<>();
        for (String appKey : appKeys) {
            all.add(of(c, baseUrl, appKey, null));
        }
        return all;
    }

    private static ClientSettings of(BatchAudienceConfiguration c, String baseUrl, String apiKey, String projectKey) {
        return new ClientSettings(baseUrl, apiKey, projectKey, c.getApiVersion(), c.getRestApiKey(),
                                  c.getConnectTimeout(), c.getRequestTimeout(), Math.max(1, c.getParallelRequests()),
                                  c.getMaxRequestsPerSecond(),
                                  new RetryPolicy(c.getMaxAttempts(), c.getInitialBackoff(), c.getMaxBackoff()),
                                  c.getSharedLimits());
    }

    /** The app keys of an apiKey option, in their order; one named twice is refused. */
    static List<String> appKeys(String apiKey) {
        List<String> keys = new ArrayList<>();
        if (apiKey == null) {
            return keys;
        }
        for (String part : apiKey.split(",")) {
            String key = part.trim();
            if (key.isEmpty()) {
                continue;
            }
            if (keys.contains(key)) {
                throw new IllegalArgumentException("apiKey names the app " + label(key) + " twice");
            }
            keys.add(key);
        }
        return keys;
    }

    /** How an app is named in results, logs and reports: the last four characters of its key, never more. */
    public static String label(String appKey) {
        return "…" + (appKey.length() <= 4 ? appKey : appKey.substring(appKey.length() - 4));
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

    /** Room for every write in flight and a status poll or two beside them. */
    int maxConnections() {
        return parallelRequests + 2;
    }

    /** The client of the API the keys select, paced by its account's rate. */
    public BatchApiClient newClient(SharedAccounts accounts) {
        return projectKey != null ? new AudiencesClient(this, accounts) : new CustomAudienceClient(this, accounts);
    }

    /**
     * The Batch account that requests go to, for what is kept per account: the order of an
     * audience's writes, and sync's snapshots. An app is named by its key as before projects
     * existed, so that the snapshots of earlier versions are found again.
     */
    public String account() {
        return projectKey != null ? "project " + projectKey : apiKey;
    }

    /** The app's label ({@link #label}), or null for a project. */
    public String app() {
        return apiKey == null ? null : label(apiKey);
    }

    static String blankAsNull(String key) {
        return key == null || key.isBlank() ? null : key.trim();
    }
}
