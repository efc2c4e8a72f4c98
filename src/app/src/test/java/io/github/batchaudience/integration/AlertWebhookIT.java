package io.github.batchaudience.integration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts to a webhook (batch.alerts.uri an http(s) URL): the alert marshalled to JSON by the
 * alerts route and POSTed by camel-http, here to a local HTTP endpoint standing in for a chat or
 * paging service; a webhook that refuses costs a WARN line, not the file.
 */
class AlertWebhookIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    static BatchEmulator emulator;

    @TempDir
    Path data;

    private HttpServer webhook;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);

    record Delivery(String method, String contentType, JsonNode body) {
    }

    @BeforeAll
    static void connect() {
        emulator = BATCH.emulator();
    }

    @BeforeEach
    void startWebhook() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hooks/batch", this::receive);
        webhook.start();
    }

    @AfterEach
    void stopWebhook() {
        webhook.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        deliveries.add(new Delivery(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                                    JSON.readTree(new String(body, StandardCharsets.UTF_8))));
        exchange.sendResponseHeaders(answer.get(), -1);
        exchange.close();
    }

    private IntegrationHarness integration() throws Exception {
        String uri = "http://127.0.0.1:" + webhook.getAddress().getPort()
                     + "/hooks/batch?connectTimeout=5000&responseTimeout=10000";
        return new IntegrationHarness(emulator, data, false, Map.of("batch.alerts.uri", uri)).start();
    }

    @Test
    void aFailedFileIsPostedAsJson() throws Exception {
        try (IntegrationHarness it = integration()) {
            it.drop("not-a-valid-name.csv", "id\na\n");
            it.awaitReport("not-a-valid-name.csv", "FAILED");
            await().atMost(30, TimeUnit.SECONDS).until(() -> !deliveries.isEmpty());
        }
        Delivery delivery = deliveries.get(0);
        assertThat(delivery.method()).isEqualTo("POST");
        assertThat(delivery.contentType()).startsWith("application/json");
        assertThat(delivery.body().path("alert").asText()).isEqualTo("FILE_FAILED");
        assertThat(delivery.body().path("subject").asText()).isEqualTo("not-a-valid-name.csv");
        assertThat(delivery.body().path("message").asText()).contains("AUDIENCE.OPERATION");
        assertThat(delivery.body().path("at").asText()).isNotBlank();
        assertThat(deliveries).hasSize(1);
    }

    @Test
    void aWebhookThatRefusesCostsAWarnLineNotTheFile() throws Exception {
        answer.set(500);
        try (LogCapture log = LogCapture.atConfiguredLevels(); IntegrationHarness it = integration()) {
            it.drop("also-bad.csv", "id\na\n");
            it.awaitReport("also-bad.csv", "FAILED");
            await().atMost(30, TimeUnit.SECONDS).until(() -> !deliveries.isEmpty());
            await().atMost(30, TimeUnit.SECONDS).until(() -> it.data("failed").resolve("also-bad.csv").toFile().exists());
            it.drop("vip-users.update.csv", "id\ninstall-1\n");
            it.awaitReport("vip-users.update.csv", "DONE");
            assertThat(log.text()).contains("ALERT FILE_FAILED also-bad.csv")
                    .contains("Could not send the alert FILE_FAILED to batch.alerts.uri: HttpOperationFailedException")
                    .doesNotContain("/hooks/batch");
        }
        assertThat(emulator.members("vip-users")).extracting(BatchEmulator.Member::id).containsExactly("install-1");
    }
}
