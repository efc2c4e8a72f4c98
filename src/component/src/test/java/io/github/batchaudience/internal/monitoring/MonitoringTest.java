package io.github.batchaudience.internal.monitoring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.batchaudience.BatchAudienceConstants;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulator.Fault;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleResolver;
import org.apache.camel.main.Main;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics through Camel's metrics support (Camel Main, {@code camel.metrics.enabled=true}) and
 * the dev console, after real writes against the emulator.
 */
class MonitoringTest {
    private static final String API_KEY = "mon-app-key-11aa";
    private static final String REST_KEY = "mon-rest-key-22bb";

    @TempDir
    Path state;

    private BatchEmulator emulator;
    private Main main;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        emulator = BatchEmulator.builder().port(0).apiKeys(API_KEY).restApiKey(REST_KEY).indexingDelayMs(10).build()
                .start();
        main = new Main();
        main.addOverrideProperty("camel.metrics.enabled", "true");
        main.addOverrideProperty("camel.component.batch-audience.api-key", API_KEY);
        main.addOverrideProperty("camel.component.batch-audience.rest-api-key", REST_KEY);
        main.addOverrideProperty("camel.component.batch-audience.base-url", emulator.baseUrl());
        main.addOverrideProperty("camel.component.batch-audience.initial-backoff", "5");
        main.addOverrideProperty("camel.component.batch-audience.state-directory", state.toString());
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:update").to("batch-audience:update/mon-vip?idType=install_ids&autoCreate=true");
                from("direct:view").to("batch-audience:view/mon-vip");
                from("direct:sync").to("batch-audience:sync/mon-sync?idType=install_ids&autoCreate=true"
                                       + "&waitForIndexing=true");
            }
        });
        main.start();
        template = main.getCamelContext().createProducerTemplate();
    }

    @AfterEach
    void stop() {
        main.stop();
        emulator.close();
    }

    @Test
    void metersCountWhatWritesDidPerAudienceAndOperation() throws Exception {
        MeterRegistry registry = main.getCamelContext().getRegistry().findSingleByType(MeterRegistry.class);
        assertThat(registry).as("Camel's metrics registry").isNotNull();
        // The first write request is refused once with a 500, then retried.
        emulator.injectFaultAfter(2, Fault.SERVER_ERROR, 1);
        BatchAudienceResult result = template.requestBody("direct:update", "id\ni-1\ni-2\n" + "x".repeat(129) + "\ni-3\n",
                                                          BatchAudienceResult.class);
        String[] tags = { "audience", "mon-vip", "operation", "update" };
        assertThat(registry.get(AudienceMetrics.IDS_SENT).tags(tags).counter().count()).isEqualTo(3);
        assertThat(registry.get(AudienceMetrics.ROWS_REJECTED).tags(tags).counter().count()).isEqualTo(1);
        assertThat(registry.get(AudienceMetrics.RETRIES).tags(tags).counter().count()).isEqualTo(1);
        assertThat(registry.get(AudienceMetrics.REQUESTS).tags(tags).counter().count())
                .isEqualTo(result.getRequests()).isGreaterThanOrEqualTo(3);
        assertThat(registry.get(AudienceMetrics.TOKENS_PENDING).tags(tags).gauge().value()).isEqualTo(1);

        // The status route's way of asking: once the token is seen APPLIED it is no longer pending.
        String token = result.getTokens().get(0);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "APPLIED".equals(
                template.requestBodyAndHeader("direct:view", null, BatchAudienceConstants.INDEXING_TOKEN, token, Map.class)
                        .get("indexing_state")));
        assertThat(registry.get(AudienceMetrics.TOKENS_PENDING).tags(tags).gauge().value()).isZero();
        assertThat(registry.getMeters().toString() + registry.getMeters().stream().map(m -> m.getId().toString())
                .collect(Collectors.joining())).doesNotContain(API_KEY).doesNotContain(REST_KEY);
    }

    @Test
    void theDevConsoleShowsPendingTokensAndRecentSyncs() throws Exception {
        CamelContext camel = main.getCamelContext();
        DevConsole console = camel.getCamelContextExtension().getContextPlugin(DevConsoleResolver.class)
                .resolveDevConsole("batch-audience");
        assertThat(console).as("found through the generated service file").isNotNull();

        BatchAudienceResult update = template.requestBody("direct:update", "id\ni-1\n", BatchAudienceResult.class);
        template.requestBody("direct:sync", "id\ns-1\ns-2\n", BatchAudienceResult.class);
        template.requestBody("direct:sync", "id\ns-1\ns-3\n", BatchAudienceResult.class);

        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
        List<?> pending = (List<?>) json.get("pendingTokens");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).toString()).contains(update.getTokens().get(0)).contains("mon-vip");
        List<?> syncs = (List<?>) json.get("recentSyncs");
        assertThat(syncs).hasSize(2);
        Map<?, ?> latest = (Map<?, ?>) syncs.get(0);
        assertThat(latest.get("added")).isEqualTo(1L);
        assertThat(latest.get("removed")).isEqualTo(1L);
        assertThat(((List<?>) json.get("recentWrites"))).hasSize(3);

        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertThat(text).contains("Pending indexing tokens: 1").contains("sync mon-sync").contains("update mon-vip");
        assertThat(text + json).doesNotContain(API_KEY).doesNotContain(REST_KEY);
    }
}
