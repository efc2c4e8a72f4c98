package io.github.batchaudience;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.model.IdType;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch limits an account, not an endpoint: three endpoints of one app, each allowed 10 requests
 * a second, send at most 10 a second together. The emulator answers 429 past 15 requests in a
 * wall-clock second (some room for requests the machine bunches), which three endpoints at 10 each
 * would pass at once.
 */
class SharedRateTest extends CamelTestSupport {
    private static final String APP_KEY = "rate-app-key-1";
    private static final String REST_KEY = "rate-rest";

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = BatchEmulatorExtension.create(
            b -> b.apiKeys(APP_KEY).restApiKey(REST_KEY).indexingDelayMs(5).rateLimit(15));

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        BatchAudienceConfiguration c = context.getComponent("batch-audience", BatchAudienceComponent.class)
                .getConfiguration();
        c.setBaseUrl(BATCH.baseUrl());
        c.setApiKey(APP_KEY);
        c.setRestApiKey(REST_KEY);
        c.setIdType(IdType.custom_ids);
        c.setAutoCreate(true);
        c.setBatchSize(10);
        c.setMaxRequestsPerSecond(10);
        return context;
    }

    private static String ids(String prefix) {
        return IntStream.range(0, 80).mapToObj(i -> prefix + i).collect(Collectors.joining("\n", "id\n", "\n"));
    }

    @Test
    void threeEndpointsOfOneAppShareItsRate() {
        List<CompletableFuture<BatchAudienceResult>> writes = List.of("a", "b", "c").stream()
                .map(audience -> CompletableFuture.supplyAsync(() -> template.requestBody(
                        "batch-audience:update/rate-" + audience, ids(audience), BatchAudienceResult.class)))
                .collect(Collectors.toList());
        writes.forEach(CompletableFuture::join);

        assertThat(writes).allSatisfy(w -> assertThat(w.join().getIdsSent()).isEqualTo(80));
        assertThat(answered(429)).as("requests refused for the rate").isZero();
        // Applied once indexed, a few milliseconds after the answer.
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(BATCH.members("rate-a")).hasSize(80));
    }

    private static long answered(int status) {
        Map<?, ?> byMethod = (Map<?, ?>) BATCH.emulator().stats().get("requests");
        return byMethod.values().stream().map(m -> ((Map<?, ?>) m).get(String.valueOf(status)))
                .mapToLong(n -> n == null ? 0 : ((Number) n).longValue()).sum();
    }
}
