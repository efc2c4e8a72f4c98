package io.github.batchaudience.integration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CappedBackoffTest {
    @Test
    void theDelayDoublesWithEachFailureInARowUpToItsCeiling() {
        CappedBackoff backoff = new CappedBackoff(1000, 10_000);

        assertThat(backoff.delay(1)).isEqualTo(1000);
        assertThat(backoff.delay(2)).isEqualTo(2000);
        assertThat(backoff.delay(4)).isEqualTo(8000);
        assertThat(backoff.delay(5)).isEqualTo(10_000);
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(10_000);
    }

    @Test
    void noFirstDelayMeansNoWait() {
        assertThat(new CappedBackoff(0, 10_000).delay(40)).isZero();
    }
}
