package io.github.batchaudience.internal.client;

import java.util.HashMap;
import java.util.Map;

/**
 * What every endpoint of a component shares per Batch account (an app's key or a project's, on
 * one server): one request rate, one cap on writes in flight and one HTTP connection pool. Batch
 * limits an account, not an endpoint, so three routes of one app at maxRequestsPerSecond=10 send
 * at most 10 requests a second together, not 30. When the endpoints of an account ask for
 * different limits, the strictest holds. An account's link lives while an endpoint uses it.
 */
public final class SharedAccounts {
    private final Map<String, AccountLink> links = new HashMap<>();

    /** The account's link, joined by one more user: close it when done. */
    synchronized AccountLink open(ClientSettings settings) {
        AccountLink link = links.computeIfAbsent(accountOf(settings), k -> new AccountLink(this, k, settings));
        link.join(settings);
        return link;
    }

    /** One user of the link is done; the last one closes its connections, and the next user opens a new link. */
    synchronized void release(AccountLink link) {
        if (link.leave()) {
            links.remove(link.account(), link);
            link.closeConnections();
        }
    }

    private static String accountOf(ClientSettings settings) {
        return settings.baseUrl() + '\n' + settings.account();
    }
}
