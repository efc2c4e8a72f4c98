package io.github.batchaudience.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.emulator.BatchEmulator.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.github.batchaudience.emulator.ApiCalls.add;
import static io.github.batchaudience.emulator.ApiCalls.adds;
import static io.github.batchaudience.emulator.ApiCalls.expect;
import static io.github.batchaudience.emulator.ApiCalls.idsBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Each fault the emulator injects: what the client sees, whether the write was
 * applied, that faults stay off the admin routes, and that a seed makes a faulty run repeatable.
 */
class FaultsTest extends EmulatorTestSupport {
    private static final String INSTALLS = "installs";

    @BeforeEach
    void createAudience() throws IOException {
        api.create11(INSTALLS);
    }

    private static String someIds() {
        return idsBody(null, adds("id-", 3));
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "SERVER_ERROR", "MAINTENANCE", "RATE_LIMITED" })
    void anErrorFaultAppliesNothingAndOnlyHitsTheNextRequest(Fault fault) throws IOException {
        emulator.injectFault(fault, 1);
        ApiCalls.Answer answer = api.api("1.1", "PATCH", INSTALLS, someIds());

        switch (fault) {
            case SERVER_ERROR -> assertThat(List.of(answer.status(), answer.errorCode())).containsExactly(500, 1);
            case MAINTENANCE -> assertThat(List.of(answer.status(), answer.errorCode())).containsExactly(503, 2);
            default -> {
                assertThat(answer.status()).isEqualTo(429);
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            }
        }
        assertThat(answer.json().path("error_message").asText()).isNotBlank();
        assertThat(api.idsReceived()).isZero();

        String token = api.write("1.1", "PATCH", INSTALLS, someIds());
        api.awaitApplied("1.1", INSTALLS, token);
        assertThat(api.memberIds(INSTALLS)).containsExactly("id-0", "id-1", "id-2");
    }

    @Test
    void rateLimitedAnswersSayWhenToRetry() throws IOException {
        emulator.setRetryAfterSeconds(7);
        emulator.injectFault(Fault.RATE_LIMITED, 2);
        for (int i = 0; i < 2; i++) {
            ApiCalls.Answer answer = expect(429, api.api("1.1", "GET", INSTALLS, null));
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("7");
        }
        expect(200, api.api("1.1", "GET", INSTALLS, null));
    }

    @Test
    void theRateLimitAnswers429WithRetryAfterPastItsRequestsPerSecond() throws IOException {
        try (BatchEmulator limited = BatchEmulator.builder().apiKeys(APP_KEY).restApiKey(REST_KEY).rateLimit(2).build()
                .start()) {
            ApiCalls calls = new ApiCalls(limited.baseUrl(), APP_KEY, REST_KEY);
            // 2 a second: 20 requests answered 200 all would need to spread over 10 seconds.
            List<ApiCalls.Answer> limitedAnswers = new ArrayList<>();
            for (int i = 0; i < 20 && limitedAnswers.isEmpty(); i++) {
                ApiCalls.Answer answer = calls.api("1.1", "GET", null, null);
                assertThat(answer.status()).isIn(200, 429);
                if (answer.status() == 429) {
                    limitedAnswers.add(answer);
                }
            }
            assertThat(limitedAnswers).isNotEmpty();
            assertThat(limitedAnswers.get(0).headers().firstValue("Retry-After")).hasValue("1");
        }
    }

    @Test
    void latencyDelaysTheAnswerWhichIsOtherwiseNormal() throws IOException {
        emulator.injectFault(Fault.LATENCY, 1);
        long start = System.nanoTime();
        String token = api.write("1.1", "PATCH", INSTALLS, someIds());
        assertThat(elapsedMs(start)).isGreaterThanOrEqualTo(BatchEmulator.FAULT_LATENCY_MS);
        api.awaitApplied("1.1", INSTALLS, token);

        emulator.setLatencyMs(150);
        for (String method : List.of("GET", "DELETE")) {
            start = System.nanoTime();
            expect(200, api.api("1.1", method, INSTALLS, null));
            assertThat(elapsedMs(start)).as(method).isGreaterThanOrEqualTo(150);
        }
    }

    @Test
    void aConnectionDroppedBeforeTheWriteAppliesNothing() throws IOException {
        emulator.injectFault(Fault.DROP_BEFORE_APPLY, 1);
        assertThatThrownBy(() -> api.api("1.1", "PATCH", INSTALLS, someIds())).isInstanceOf(IOException.class);

        // Never accepted: not counted as received, nothing waits to be applied, nothing was.
        assertThat(api.idsReceived()).isZero();
        assertThat(emulator.pendingWrites()).isZero();
        assertThat(api.memberIds(INSTALLS)).isEmpty();
        assertThat(api.stats().path("requests").path("PATCH").path("dropped").asInt()).isEqualTo(1);
    }

    @Test
    void aConnectionDroppedAfterTheWriteStillAppliesIt() throws IOException {
        emulator.injectFault(Fault.DROP_AFTER_APPLY, 1);
        assertThatThrownBy(() -> api.api("1.1", "PATCH", INSTALLS, someIds())).isInstanceOf(IOException.class);

        assertThat(api.idsReceived()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(api.memberIds(INSTALLS)).containsExactly("id-0", "id-1", "id-2"));
        assertThat(api.view("1.1", INSTALLS, null).path("indexing_state").asText()).isEqualTo("APPLIED");
        assertThat(api.stats().path("requests").path("PATCH").path("dropped").asInt()).isEqualTo(1);
    }

    @Test
    void injectedFaultsCanWaitForCleanRequests() throws IOException {
        emulator.injectFaultAfter(2, Fault.SERVER_ERROR, 2);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(api.api("1.1", "GET", INSTALLS, null).status());
        }
        assertThat(statuses).containsExactly(200, 200, 500, 500, 200);
    }

    @Test
    void faultsNeverHitTheAdminRoutes() throws IOException {
        emulator.injectFault(Fault.DROP_BEFORE_APPLY, 1);
        emulator.setLatencyMs(60_000);
        // Each admin call would fail or time out if it took the fault or the latency.
        api.stats();
        api.members(INSTALLS);
        emulator.setLatencyMs(0);
        // A PATCH: the JDK client silently retries a GET dropped on a reused connection.
        assertThatThrownBy(() -> api.api("1.1", "PATCH", INSTALLS, someIds())).isInstanceOf(IOException.class);
    }

    @Test
    void clearFaultsStopsInjectedAndRandomFaults() throws IOException {
        emulator.injectFault(Fault.SERVER_ERROR, 5);
        emulator.setFailRate(1);
        emulator.clearFaults();
        for (int i = 0; i < 5; i++) {
            expect(200, api.api("1.1", "GET", INSTALLS, null));
        }
    }

    @Test
    void aFailRateOfOneFaultsEveryRequestWithEveryRandomKind() throws IOException {
        emulator.setFailRate(1);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            outcomes.add(outcome(api, "PATCH", someIds()));
        }
        assertThat(outcomes).containsOnly("500/1", "503/2", "429/0", "dropped");
        assertThat(outcomes).contains("500/1", "503/2", "429/0", "dropped");
    }

    @Test
    void theSameSeedGivesTheSameFaultsAndTokens() throws IOException {
        List<String> first = seededRun(42);
        List<String> again = seededRun(42);
        assertThat(again).isEqualTo(first);
        // The run is varied enough to tell seeds apart: faults, successes and drops.
        assertThat(first).anyMatch(o -> o.startsWith("201")).anyMatch(o -> o.startsWith("500"))
                .anyMatch(o -> o.equals("dropped"));
        assertThat(seededRun(43)).isNotEqualTo(first);
    }

    /** 40 writes in sequence to a fresh emulator failing half of them: each outcome, tokens included. */
    private static List<String> seededRun(long seed) throws IOException {
        try (BatchEmulator seeded = BatchEmulator.builder().apiKeys(APP_KEY).restApiKey(REST_KEY)
                .indexingDelayMs(INDEXING_DELAY_MS).seed(seed).build().start()) {
            ApiCalls calls = new ApiCalls(seeded.baseUrl(), APP_KEY, REST_KEY);
            calls.create11(INSTALLS);
            seeded.setFailRate(0.5);
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                outcomes.add(outcome(calls, "PATCH", idsBody(null, List.of(add("id-" + i)))));
            }
            return outcomes;
        }
    }

    /** "status/error code", the body of a success, or "dropped". */
    private static String outcome(ApiCalls calls, String method, String body) {
        try {
            ApiCalls.Answer answer = calls.api("1.1", method, INSTALLS, body);
            return answer.status() < 300 ? answer.status() + " " + answer.body() : answer.status() + "/" + answer.errorCode();
        } catch (IOException e) {
            return "dropped";
        }
    }

    private static long elapsedMs(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
