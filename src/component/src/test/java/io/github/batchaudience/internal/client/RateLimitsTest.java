package io.github.batchaudience.internal.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One limiter and one set of write slots per account on one server, at the strictest limits its endpoints ask for. */
class RateLimitsTest {
    private final RateLimits limits = new RateLimits();

    private static ClientSettings app(String baseUrl, String key, double rate) {
        return app(baseUrl, key, rate, 4);
    }

    private static ClientSettings app(String baseUrl, String key, double rate, int parallel) {
        return new ClientSettings(baseUrl, key, null, "2.11", "rest", 1000, 1000, parallel, rate,
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

    @Test
    void theEndpointsOfAnAccountShareItsWriteSlotsAtTheSmallestNumberAsked() throws Exception {
        InFlight writes = limits.writesOf(app("https://api.batch.com", "k1", 0, 3));
        assertThat(limits.writesOf(app("https://api.batch.com", "k1", 0, 2))).isSameAs(writes);
        assertThat(limits.writesOf(app("https://api.batch.com", "k2", 0, 2))).isNotSameAs(writes);
        writes.acquire();
        writes.acquire();
        Thread third = new Thread(() -> {
            try {
                writes.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        third.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> third.getState() == Thread.State.WAITING);
        writes.release();
        third.join(5_000);
        assertThat(third.isAlive()).as("the third write goes once a slot is free").isFalse();
    }
}
