package io.github.batchaudience.internal.operation;

import io.github.batchaudience.BatchAudienceConfiguration;

/**
 * The Batch account an endpoint writes to, for what is kept per account: the order of an
 * audience's writes, and sync's snapshots. An app is named by its key as before projects
 * existed, so that the snapshots of earlier versions are found again.
 */
final class Accounts {
    private Accounts() {
    }

    static String keyOf(BatchAudienceConfiguration c) {
        String project = c.getProjectKey();
        return project == null || project.isBlank() ? c.getApiKey() : "project " + project.trim();
    }
}
