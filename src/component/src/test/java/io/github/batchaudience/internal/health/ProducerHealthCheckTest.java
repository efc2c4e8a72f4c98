package io.github.batchaudience.internal.health;

import java.net.ServerSocket;
import java.util.Collection;

import io.github.batchaudience.BatchAudienceComponent;
import io.github.batchaudience.emulator.BatchEmulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer's health check: UP with good keys, DOWN with the reason on 401 or an unreachable API. */
class ProducerHealthCheckTest {
    static BatchEmulator emulator;

    @BeforeAll
    static void start() throws Exception {
        emulator = BatchEmulator.builder().port(0).apiKeys("hc-app-key").restApiKey("hc-rest-key").build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void upWhenTheApiTakesTheKeys() throws Exception {
        HealthCheck.Result result = check(emulator.baseUrl(), "hc-rest-key");
        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getCheck().getId()).isEqualTo("producer:batch-audience-update-vip");
    }

    @Test
    void downWithTheReasonWhenTheKeysAreRefused() throws Exception {
        HealthCheck.Result result = check(emulator.baseUrl(), "wrong-rest-key");
        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).get().asString().contains("refuses the keys").contains("401");
        assertThat(result.getDetails()).containsEntry("service.status.code", 401).containsEntry("service.error.code", 10);
        assertThat(result.getMessage().get()).doesNotContain("wrong-rest-key").doesNotContain("hc-app-key");
    }

    @Test
    void downWithTheReasonWhenTheApiCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HealthCheck.Result result = check("http://127.0.0.1:" + closedPort, "hc-rest-key");
        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).get().asString().contains("cannot be reached");
    }

    @Test
    void twoRoutesSendingToTheSameEndpointEachHaveACheck() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            BatchAudienceComponent component = camel.getComponent("batch-audience", BatchAudienceComponent.class);
            component.getConfiguration().setBaseUrl(emulator.baseUrl());
            component.getConfiguration().setApiKey("hc-app-key");
            component.getConfiguration().setRestApiKey("hc-rest-key");
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:inbox").to("batch-audience:update");
                    from("direct:events").to("batch-audience:update");
                }
            });
            camel.getCamelContextExtension().getContextPlugin(HealthCheckRegistry.class).setEnabled(true);
            HealthCheckHelper.getHealthCheckRepository(camel, "producers").setEnabled(true);
            camel.start();
            assertThat(HealthCheckHelper.invoke(camel, "full")).map(r -> r.getCheck().getId())
                    .contains("producer:batch-audience-update", "producer:batch-audience-update-2");
        }
    }

    private static HealthCheck.Result check(String baseUrl, String restKey) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            BatchAudienceComponent component = camel.getComponent("batch-audience", BatchAudienceComponent.class);
            component.getConfiguration().setBaseUrl(baseUrl);
            component.getConfiguration().setApiKey("hc-app-key");
            component.getConfiguration().setRestApiKey(restKey);
            component.getConfiguration().setConnectTimeout(2_000);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("batch-audience:update/vip?idType=install_ids");
                }
            });
            // As camel.health.producers-enabled=true does in Camel Main.
            HealthCheckRegistry registry = camel.getCamelContextExtension().getContextPlugin(HealthCheckRegistry.class);
            registry.setEnabled(true);
            HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(camel, "producers");
            producers.setEnabled(true);
            camel.start();
            Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(camel);
            return results.stream().filter(r -> r.getCheck().getId().startsWith("producer:batch-audience")).findFirst()
                    .orElseThrow(() -> new AssertionError("no producer check among " + results));
        }
    }
}
