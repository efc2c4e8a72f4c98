package io.github.batchaudience.internal.health;

import java.util.concurrent.TimeUnit;

import io.github.batchaudience.BatchAudienceComponent;
import io.github.batchaudience.emulator.BatchEmulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The polling consumer's health: Camel's consumer check, UP while polls succeed, DOWN when they fail. */
class ConsumerHealthCheckTest {
    @Test
    void upWhilePollsSucceedDownWhenTheKeysAreRefused() throws Exception {
        try (BatchEmulator emulator = BatchEmulator.builder().port(0).apiKeys("chc-app-key").restApiKey("chc-rest-key")
                .build().start()) {
            assertThat(pollingHealth(emulator, "chc-rest-key")).isEqualTo(HealthCheck.State.UP);
            assertThat(pollingHealth(emulator, "wrong-rest-key")).isEqualTo(HealthCheck.State.DOWN);
        }
    }

    private static HealthCheck.State pollingHealth(BatchEmulator emulator, String restKey) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            BatchAudienceComponent component = camel.getComponent("batch-audience", BatchAudienceComponent.class);
            component.getConfiguration().setBaseUrl(emulator.baseUrl());
            component.getConfiguration().setApiKey("chc-app-key");
            component.getConfiguration().setRestApiKey(restKey);
            component.getConfiguration().setMaxAttempts(1);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("batch-audience:list?delay=50").routeId("audiences").to("mock:audiences");
                }
            });
            HealthCheckRegistry registry = camel.getCamelContextExtension().getContextPlugin(HealthCheckRegistry.class);
            registry.setEnabled(true);
            HealthCheckHelper.getHealthCheckRepository(camel, "consumers").setEnabled(true);
            camel.start();
            // The first polls decide: wait until the check has left its initial state.
            return await().atMost(10, TimeUnit.SECONDS).until(() -> consumerCheck(camel).getState(),
                    state -> state != HealthCheck.State.UNKNOWN && (restKey.startsWith("wrong")
                            ? state == HealthCheck.State.DOWN : state == HealthCheck.State.UP));
        }
    }

    private static HealthCheck.Result consumerCheck(CamelContext camel) {
        return HealthCheckHelper.invoke(camel, "full").stream()
                .filter(r -> r.getCheck().getId().equals("consumer:audiences")).findFirst()
                .orElseThrow(() -> new AssertionError("no consumer check"));
    }
}
