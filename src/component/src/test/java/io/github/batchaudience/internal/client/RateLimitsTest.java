package io.github.batchaudience.internal.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One limiter per account on one server, at the strictest rate its endpoints ask for. */
class RateLimitsTest {
    private final RateLimits limits = new RateLimits();

    private static ClientSettings app(String baseUrl, String key, double rate) {
        return new ClientSettings(baseUrl, key, null, "2.11", "rest", 1000, 1000, 4, rate,
                                  new RetryPolicy(1, 1, 1));
    }

    @Test
    void theEndpointsOfAnAccountShareOneLimiterOtherAccountsHaveTheirOwn() {
        RateLimiter first = limits.of(app("https://api.batch.com", "k1", 10));
        assertThat(limits.of(app("https://api.batch.com", "k1", 10))).isSameAs(first);
        assertThat(limits.of(app("https://api.batch.com", "k2", 10))).isNotSameAs(first);
        assertThat(limits.of(app("http://127.0.0.1:1", "k1", 10))).isNotSameAs(first);
    }

    @Test
    void theStrictestRateHolds() throws Exception {
        RateLimiter limiter = limits.of(app("https://api.batch.com", "k1", 1000));
        limits.of(app("https://api.batch.com", "k1", 0));
        limits.of(app("https://api.batch.com", "k1", 2));
        limiter.acquire();
        long start = System.nanoTime();
        limiter.acquire();
        assertThat(System.nanoTime() - start).as("the second request waits half a second, at 2 a second")
                .isGreaterThan(400_000_000L);
    }
}
