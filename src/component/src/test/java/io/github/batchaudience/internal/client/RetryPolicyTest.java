package io.github.batchaudience.internal.client;

import java.time.Instant;
import java.util.HashSet;
import java.util.LongSummaryStatistics;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RetryPolicy: which statuses are transient, how the backoff grows and is bounded, its jitter,
 * and how a server's Retry-After is read and capped. The jitter comes from ThreadLocalRandom,
 * which a test cannot seed, so it is checked as ranges over many draws.
 */
class RetryPolicyTest {
    private static final int DRAWS = 2_000;
    private static final long NO_RETRY_AFTER = -1;
    private static final long NOW = Instant.parse("2015-10-21T07:27:00Z").toEpochMilli();

    @ParameterizedTest
    @ValueSource(ints = { 429, 500, 502, 503, 504 })
    void rateLimitingAndServerOrProxyFailuresAreRetried(int status) {
        assertThat(RetryPolicy.isRetryable(status)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = { 200, 201, 204, 301, 304, 400, 401, 403, 404, 405, 408, 409, 413, 422, 428, 430, 499, 501,
                          505, 599, 0, -1 })
    void successesClientErrorsAndOtherServerErrorsAreNeverRetried(int status) {
        assertThat(RetryPolicy.isRetryable(status)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -1, Integer.MIN_VALUE })
    void aPolicyWithoutASingleAttemptIsRefused(int maxAttempts) {
        assertThatThrownBy(() -> new RetryPolicy(maxAttempts, 100, 1_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
    }

    @ParameterizedTest
    @CsvSource({ "-1, 1000", "100, -1" })
    void aNegativeBackoffIsRefused(long initialBackoffMs, long maxBackoffMs) {
        assertThatThrownBy(() -> new RetryPolicy(3, initialBackoffMs, maxBackoffMs))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 7 })
    void thePolicyTellsHowManyAttemptsItAllows(int maxAttempts) {
        assertThat(new RetryPolicy(maxAttempts, 100, 1_000).maxAttempts()).isEqualTo(maxAttempts);
    }

    @ParameterizedTest(name = "after attempt {0} the wait is between {1} and {2} ms")
    @CsvSource({ "1, 50, 100", "2, 100, 200", "3, 200, 400", "4, 400, 800", "5, 800, 1600", "8, 6400, 12800" })
    void theWaitDoublesWithEachFailedAttemptAndKeepsHalfOfItAsAFloor(int attempt, long floor, long ceiling) {
        RetryPolicy policy = new RetryPolicy(10, 100, 60_000);

        LongSummaryStatistics waits = draws(policy, attempt);

        assertThat(waits.getMin()).isGreaterThanOrEqualTo(floor);
        assertThat(waits.getMax()).isLessThanOrEqualTo(ceiling);
    }

    @ParameterizedTest
    @ValueSource(ints = { 5, 6, 10, 31, 32, 64, 1_000, Integer.MAX_VALUE })
    void theWaitNeverPassesMaxBackoffHoweverManyAttemptsFailed(int attempt) {
        RetryPolicy policy = new RetryPolicy(10, 100, 1_000);

        LongSummaryStatistics waits = draws(policy, attempt);

        assertThat(waits.getMin()).isGreaterThanOrEqualTo(500);
        assertThat(waits.getMax()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void theDoublingStopsBeforeItCouldOverflow() {
        // With no maxBackoff to speak of, only the bound on the shift keeps the wait positive.
        RetryPolicy policy = new RetryPolicy(10, 1, Long.MAX_VALUE);

        LongSummaryStatistics waits = draws(policy, Integer.MAX_VALUE);

        assertThat(waits.getMin()).isGreaterThanOrEqualTo(1L << 29);
        assertThat(waits.getMax()).isLessThanOrEqualTo(1L << 30);
    }

    @Test
    void aMaxBackoffBelowTheInitialBackoffIsRaisedToIt() {
        RetryPolicy policy = new RetryPolicy(3, 1_000, 10);

        assertThat(draws(policy, 1).getMax()).isLessThanOrEqualTo(1_000).isGreaterThan(10);
        assertThat(policy.delayMs(1, 3_600_000)).isEqualTo(1_000);
        assertThat(policy).hasToString("RetryPolicy[maxAttempts=3, initialBackoff=PT1S, maxBackoff=PT1S]");
    }

    @Test
    void withoutAnyBackoffARetryIsSentAtOnce() {
        assertThat(draws(new RetryPolicy(3, 0, 0), 3).getMax()).isZero();
    }

    @Test
    void theJitterSpreadsWaitsOverTheWholeUpperHalf() {
        RetryPolicy policy = new RetryPolicy(10, 1_000, 60_000);
        Set<Long> distinct = new HashSet<>();

        LongSummaryStatistics waits = LongStream.range(0, DRAWS).map(i -> policy.delayMs(1, NO_RETRY_AFTER))
                .peek(distinct::add).summaryStatistics();

        // Uniform over [500, 1000]: 2,000 draws missing either tenth of that range is a 1e-90 chance.
        assertThat(waits.getMin()).isBetween(500L, 550L);
        assertThat(waits.getMax()).isBetween(950L, 1_000L);
        assertThat(distinct).hasSizeGreaterThan(100);
    }

    @ParameterizedTest
    @CsvSource({ "0, 0", "1, 1000", "120, 120000", "' 7 ', 7000", "+5, 5000", "-5, 0" })
    void aRetryAfterInSecondsIsReadAsMilliseconds(String header, long expectedMs) {
        assertThat(RetryPolicy.parseRetryAfter(header, NOW)).isEqualTo(expectedMs);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "Wed, 21 Oct 2015 07:28:00 GMT | 60000",
                                          "Wed, 21 Oct 2015 08:27:00 GMT | 3600000",
                                          "Wed, 21 Oct 2015 07:27:00 GMT | 0",
                                          "Tue, 20 Oct 2015 07:27:00 GMT | 0" })
    void aRetryAfterAsAnHttpDateIsTheTimeLeftUntilThenAndNeverNegative(String header, long expectedMs) {
        assertThat(RetryPolicy.parseRetryAfter(header, NOW)).isEqualTo(expectedMs);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "  ", "soon", "1.5", "5s", "2015-10-21T07:28:00Z", "21 Oct 2015",
                             "Wed, 32 Oct 2015 07:28:00 GMT" })
    void aMissingOrUnreadableRetryAfterCountsAsNone(String header) {
        assertThat(RetryPolicy.parseRetryAfter(header, NOW)).isEqualTo(NO_RETRY_AFTER);
    }

    @ParameterizedTest(name = "Retry-After of {0} ms waits {1} ms")
    @CsvSource({ "0, 0", "1, 1", "2500, 2500", "29999, 29999", "30000, 30000", "30001, 30000", "86400000, 30000",
                 "9223372036854775807, 30000" })
    void aServersRetryAfterIsHonouredExactlyButNeverBeyondMaxBackoff(long retryAfterMs, long expectedMs) {
        RetryPolicy policy = new RetryPolicy(5, 100, 30_000);

        // No jitter on a server's own wait: every draw is the same.
        assertThat(LongStream.range(0, 100).map(i -> policy.delayMs(1, retryAfterMs)).distinct())
                .containsExactly(expectedMs);
    }

    @Test
    void aServerAskingForADayWaitsMaxBackoff() {
        RetryPolicy policy = new RetryPolicy(5, 100, 30_000);

        assertThat(policy.delayMs(2, RetryPolicy.parseRetryAfter("86400", NOW))).isEqualTo(30_000);
        assertThat(policy.delayMs(2, RetryPolicy.parseRetryAfter("Thu, 22 Oct 2015 07:27:00 GMT", NOW)))
                .isEqualTo(30_000);
    }

    @Test
    void anUnreadableRetryAfterFallsBackToTheBackoff() {
        RetryPolicy policy = new RetryPolicy(5, 100, 30_000);

        LongSummaryStatistics waits = LongStream.range(0, DRAWS)
                .map(i -> policy.delayMs(3, RetryPolicy.parseRetryAfter("later", NOW))).summaryStatistics();

        assertThat(waits.getMin()).isGreaterThanOrEqualTo(200);
        assertThat(waits.getMax()).isLessThanOrEqualTo(400);
    }

    private static LongSummaryStatistics draws(RetryPolicy policy, int attempt) {
        return LongStream.range(0, DRAWS).map(i -> policy.delayMs(attempt, NO_RETRY_AFTER)).summaryStatistics();
    }
}
