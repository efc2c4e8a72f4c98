package io.github.batchaudience.internal.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One request rate and one cap on write requests in flight per Batch account (an app's key or a
 * project's, on one server), shared by every endpoint of a component: Batch limits an account,
 * not an endpoint, so three routes of one app at maxRequestsPerSecond=10 send at most 10 requests
 * a second together, not 30, and at most parallelRequests writes at once. When the endpoints of
 * an account ask for different limits, the strictest holds.
 */
public final class RateLimits {
    private final Map<String, RateLimiter> rates = new ConcurrentHashMap<>();
    private final Map<String, InFlight> writes = new ConcurrentHashMap<>();

    RateLimiter of(ClientSettings settings) {
        RateLimiter limiter = rates.computeIfAbsent(accountOf(settings),
                                                    k -> new RateLimiter(settings.maxRequestsPerSecond()));
        limiter.tighten(settings.maxRequestsPerSecond());
        return limiter;
    }

    InFlight writesOf(ClientSettings settings) {
        InFlight inFlight = writes.computeIfAbsent(accountOf(settings), k -> new InFlight(settings.parallelRequests()));
        inFlight.tighten(settings.parallelRequests());
        return inFlight;
    }

    private static String accountOf(ClientSettings settings) {
        return settings.baseUrl() + '\n' + settings.account();
    }
}
