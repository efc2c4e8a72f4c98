package io.github.batchaudience.internal.client;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are retried and how long to wait: exponential backoff with full jitter, and a
 * server's Retry-After honoured but never beyond maxBackoff, so that a server asking for hours
 * cannot hang a route.
 */
public final class RetryPolicy {
    private final int maxAttempts;
    private final long initialBackoffMs;
    private final long maxBackoffMs;

    public RetryPolicy(int maxAttempts, long initialBackoffMs, long maxBackoffMs) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (initialBackoffMs < 0 || maxBackoffMs < 0) {
            throw new IllegalArgumentException("backoffs must not be negative");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoffMs = initialBackoffMs;
        this.maxBackoffMs = Math.max(initialBackoffMs, maxBackoffMs);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** 429, 500, 502, 503 and 504 are transient; 502 and 504 come from proxies in front of the API. */
    public static boolean isRetryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /**
     * The wait before attempt {@code attempt + 1}, after {@code attempt} failed attempts.
     *
     * @param retryAfterMs the server's Retry-After in milliseconds, or a negative number when none
     */
    public long delayMs(int attempt, long retryAfterMs) {
        if (retryAfterMs >= 0) {
            return Math.min(retryAfterMs, maxBackoffMs);
        }
        long ceiling = initialBackoffMs << Math.min(attempt - 1, 30);
        ceiling = Math.min(Math.max(ceiling, 1), maxBackoffMs);
        // Half fixed, half random: spreads concurrent retries while keeping a floor that grows.
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    /** Retry-After as milliseconds: delta-seconds or an HTTP date; -1 when absent or unreadable. */
    public static long parseRetryAfter(String value, long nowMs) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.trim();
        try {
            return Math.max(0, Long.parseLong(v)) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.max(0, at - nowMs);
            } catch (DateTimeParseException notDate) {
                return -1;
            }
        }
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + Duration.ofMillis(initialBackoffMs)
               + ", maxBackoff=" + Duration.ofMillis(maxBackoffMs) + "]";
    }
}
