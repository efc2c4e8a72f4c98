package io.github.batchaudience.app;

import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.internal.client.ClientSettings;

/**
 * How reports name where files go: the API, and the project or the apps. An app is named by the
 * last four characters of its key, as the component's results name it, never by the whole key; a
 * project key is not a secret.
 */
final class ApiName {
    private ApiName() {
    }

    static String of(String apiKey, String projectKey) {
        if (projectKey != null && !projectKey.isBlank()) {
            return "Audiences API 2.x, project " + projectKey.trim();
        }
        List<String> apps = new ArrayList<>();
        for (String key : apiKey == null ? new String[0] : apiKey.split(",")) {
            if (!key.isBlank()) {
                apps.add(ClientSettings.label(key.trim()));
            }
        }
        return "Custom Audience API 1.x, app" + (apps.size() > 1 ? "s " : " ") + String.join(", ", apps);
    }
}
