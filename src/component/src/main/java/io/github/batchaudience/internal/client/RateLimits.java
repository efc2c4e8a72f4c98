package io.github.batchaudience.internal.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One request rate per Batch account (an app's key or a project's, on one server), shared by
 * every endpoint of a component: Batch limits an account, not an endpoint, so three routes of one
 * app at maxRequestsPerSecond=10 send at most 10 requests a second together, not 30. When the
 * endpoints of an account ask for different rates, the strictest holds.
 */
public final class RateLimits {
    private final Map<String, RateLimiter> byAccount = new ConcurrentHashMap<>();

    RateLimiter of(ClientSettings settings) {
        RateLimiter limiter = byAccount.computeIfAbsent(settings.baseUrl() + '\n' + settings.account(),
                                                        k -> new RateLimiter(settings.maxRequestsPerSecond()));
        limiter.tighten(settings.maxRequestsPerSecond());
        return limiter;
    }
}
