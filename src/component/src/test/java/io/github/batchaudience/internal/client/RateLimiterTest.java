package io.github.batchaudience.internal.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * RateLimiter: no limit when none is set, the first request starts at once, and any request
 * inside the interval of the one before it waits. The limiter reads System.nanoTime and sleeps
 * by itself, so these tests never measure time: a thread that is already interrupted makes
 * {@code acquire} throw exactly when it computed a wait, and return when it did not.
 */
class RateLimiterTest {
    // One request per 1,000 seconds: no test runs long enough to reach the second slot.
    private static final double ONE_PER_THOUSAND_SECONDS = 0.001;

    @AfterEach
    void clearTheInterrupt() {
        Thread.interrupted();
    }

    @ParameterizedTest
    @ValueSource(doubles = { 0, -1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY })
    void withoutAPositiveLimitNoRequestEverWaits(double permitsPerSecond) {
        RateLimiter limiter = new RateLimiter(permitsPerSecond);
        Thread.currentThread().interrupt();

        assertThatNoException().isThrownBy(() -> {
            for (int i = 0; i < 10_000; i++) {
                limiter.acquire();
            }
        });
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is left for the caller").isTrue();
    }

    @ParameterizedTest
    @ValueSource(doubles = { ONE_PER_THOUSAND_SECONDS, 1, 100 })
    void theFirstRequestOfANewLimiterStartsAtOnce(double permitsPerSecond) {
        RateLimiter limiter = new RateLimiter(permitsPerSecond);
        Thread.currentThread().interrupt();

        assertThatNoException().isThrownBy(limiter::acquire);
    }

    @Test
    void aRequestInsideTheIntervalOfThePreviousOneWaits() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(ONE_PER_THOUSAND_SECONDS);
        acquireWithoutWaiting(limiter);
        Thread.currentThread().interrupt();

        assertThatThrownBy(limiter::acquire).isInstanceOf(InterruptedException.class);
    }

    @Test
    void everyLaterRequestInsideTheIntervalWaitsToo() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(ONE_PER_THOUSAND_SECONDS);
        acquireWithoutWaiting(limiter);

        for (int i = 0; i < 5; i++) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(limiter::acquire).as("request %d", i + 2).isInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void ofManyConcurrentRequestsOnlyOneStartsInTheFirstInterval() throws Exception {
        int callers = 8;
        RateLimiter limiter = new RateLimiter(ONE_PER_THOUSAND_SECONDS);
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        Callable<Boolean> caller = () -> {
            Thread.currentThread().interrupt();
            ready.countDown();
            // Waiting on the latch would consume the interrupt: spin instead.
            while (go.getCount() > 0) {
                Thread.onSpinWait();
            }
            try {
                limiter.acquire();
                return true;
            } catch (InterruptedException waited) {
                return false;
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Boolean>> started = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                started.add(pool.submit(caller));
            }
            ready.await();
            go.countDown();
            int startedAtOnce = 0;
            for (Future<Boolean> f : started) {
                startedAtOnce += f.get() ? 1 : 0;
            }

            assertThat(startedAtOnce).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The first request, made with the interrupt set: should the limiter ever compute a wait for
     * it, the test fails at once instead of sleeping for the whole interval.
     */
    private static void acquireWithoutWaiting(RateLimiter limiter) throws InterruptedException {
        Thread.currentThread().interrupt();
        limiter.acquire();
        Thread.interrupted();
    }
}
