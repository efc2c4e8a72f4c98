package io.github.batchaudience.internal.client;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where an endpoint's requests go: one app of its apiKey, or its project.
 *
 * @param app     the app's label in results and logs (the last four characters of its key), or
 *                null for a project
 * @param account what is kept per account (write turns, snapshots) is keyed by
 */
public record Destination(String app, String account, BatchApiClient client) implements Closeable {

    public static Destination of(ClientSettings settings, SharedAccounts accounts) {
        return new Destination(settings.app(), settings.account(), settings.newClient(accounts));
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
