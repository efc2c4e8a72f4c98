package io.github.batchaudience.integration;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulator.Fault;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.testing.LogCapture;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API unreachable when the integration starts, and going away in the middle of a file: the
 * file waits in the inbox (no report of success, nothing in done), the failure is visible in the
 * log and in the producer's health check, and once the API is back the file is applied whole.
 */
class ApiOutageIT {
    private static final Map<String, String> QUICK_RETRIES = Map.of("batch.inbox.retry-max-delay", "1000",
                                                                   "camel.component.batch-audience.connect-timeout", "500");

    @TempDir
    Path data;

    @Test
    void unreachableAtStartThenBack() throws Exception {
        int port;
        try (ServerSocket reserved = new ServerSocket(0)) {
            port = reserved.getLocalPort();
        }
        try (LogCapture log = LogCapture.atConfiguredLevels();
             IntegrationHarness it = new IntegrationHarness("http://127.0.0.1:" + port, data, false, QUICK_RETRIES)
                     .start()) {
            it.drop("vip-users.update.csv", csv(5_000));
            await("retry-later warning").atMost(30, TimeUnit.SECONDS)
                    .until(() -> log.text().contains("vip-users.update.csv: not applied this time"));
            assertDown(it, "cannot be reached");
            assertWaiting(it);
            try (BatchEmulator emulator = IntegrationHarness.emulator(port)) {
                it.awaitReport("vip-users.update.csv", "DONE");
                assertThat(emulator.members("vip-users")).hasSize(5_000);
                assertThat(it.data("done").resolve("vip-users.update.csv")).exists();
                await("health UP").atMost(10, TimeUnit.SECONDS).until(() -> producerHealth(it).getState() == HealthCheck.State.UP);
            }
        }
    }

    @Test
    void goesAwayMidFileThenBack() throws Exception {
        try (BatchEmulator emulator = IntegrationHarness.emulator();
             LogCapture log = LogCapture.atConfiguredLevels();
             IntegrationHarness it = new IntegrationHarness(emulator, data, false, QUICK_RETRIES).start()) {
            // Two writes of the file go through (create and view answer first), then every connection drops.
            emulator.injectFaultAfter(4, Fault.DROP_BEFORE_APPLY, 1_000_000);
            it.drop("vip-users.update.csv", csv(35_000));
            await("retry-later warning").atMost(30, TimeUnit.SECONDS)
                    .until(() -> log.text().contains("vip-users.update.csv: not applied this time"));
            assertDown(it, "cannot be reached");
            assertWaiting(it);
            emulator.clearFaults();
            JsonNode report = it.awaitReport("vip-users.update.csv", "DONE");
            assertThat(emulator.members("vip-users")).hasSize(35_000);
            // Every attempt, each with what it sent: the first sent some of the IDs before the API went away.
            JsonNode attempts = report.path("attempts");
            assertThat(attempts.size()).isGreaterThanOrEqualTo(2);
            assertThat(attempts.get(0).path("outcome").asText()).isEqualTo("RETRY");
            assertThat(attempts.get(0).path("idsSent").asLong()).isPositive().isLessThan(35_000);
            assertThat(attempts.get(0).path("error").asText()).contains("no response from the API");
            JsonNode last = attempts.get(attempts.size() - 1);
            assertThat(last.path("outcome").asText()).isIn("DONE", "PENDING_INDEXING");
            assertThat(last.path("attempt").asInt()).isEqualTo(attempts.size());
            assertThat(last.path("idsSent").asLong()).isEqualTo(35_000);
            await("health UP").atMost(10, TimeUnit.SECONDS).until(() -> producerHealth(it).getState() == HealthCheck.State.UP);
        }
    }

    private static void assertWaiting(IntegrationHarness it) throws Exception {
        assertThat(it.data("inbox").resolve("vip-users.update.csv")).exists();
        assertThat(it.report("vip-users.update.csv")).isNull();
        assertThat(Files.exists(it.data("done").resolve("vip-users.update.csv"))).isFalse();
    }

    private static void assertDown(IntegrationHarness it, String reason) {
        HealthCheck.Result result = producerHealth(it);
        assertThat(result.getState()).as(String.valueOf(result.getMessage())).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).get().asString().containsIgnoringCase(reason);
    }

    private static HealthCheck.Result producerHealth(IntegrationHarness it) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(it.runner().camelContext(), "full");
        return results.stream()
                .filter(r -> r.getCheck().getId().startsWith("producer:batch-audience"))
                .findFirst().orElseThrow(() -> new AssertionError("no producer health check among "
                        + results.stream().map(r -> r.getCheck().getId() + "=" + r.getState()).collect(Collectors.toList())));
    }

    private static String csv(int ids) {
        return IntStream.range(0, ids).mapToObj(i -> "install-" + i).collect(Collectors.joining("\n", "id\n", "\n"));
    }
}
