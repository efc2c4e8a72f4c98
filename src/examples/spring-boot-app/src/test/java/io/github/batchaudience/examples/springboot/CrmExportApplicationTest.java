package io.github.batchaudience.examples.springboot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.spi.SLF4JServiceProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as it runs: application.properties as shipped, the keys and base URL given as
 * the environment would give them, Batch's API played by the emulator over HTTP.
 */
// Output capture first, so that it is in place before Spring's test support logs anything.
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrmExportApplicationTest {
    private static final int ROWS = 300;
    private static final String[] TIERS = {"gold", "silver", "bronze"};
    /** Batch takes IDs of up to 128 characters. */
    private static final String TOO_LONG_ID = "x".repeat(129);
    /** The producer of CrmExportRoute's endpoint: operation and audience. */
    private static final String PRODUCER_CHECK = "producer:batch-audience-update-vip-users";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static BatchEmulatorExtension batch = BatchEmulatorExtension.create();

    @DynamicPropertySource
    static void batchEnvironment(DynamicPropertyRegistry registry) {
        registry.add("BATCH_BASE_URL", batch::baseUrl);
        registry.add("BATCH_API_KEY", batch::apiKey);
        registry.add("BATCH_REST_API_KEY", batch::restApiKey);
    }

    @Autowired
    ProducerTemplate template;

    @LocalServerPort
    int port;

    /**
     * The only test that writes: the producer creates a missing audience once in its life
     * (autoCreate), and the emulator forgets every audience before each test.
     */
    @Test
    void aCrmExportEndsInTheAudienceWithoutItsInvalidRowAndPrintsNoKey(CapturedOutput output) {
        BatchAudienceResult result = sendCrmExport();

        assertThat(result.getRowsRead()).isEqualTo(ROWS + 1);
        assertThat(result.getRejected()).isEqualTo(1);
        assertThat(result.getRejectedRows()).singleElement()
                .satisfies(row -> assertThat(row.getId()).isEqualTo(TOO_LONG_ID));
        assertThat(result.getIdsSent()).isEqualTo(ROWS);
        assertThat(result.getIndexingState()).isEqualTo("APPLIED");

        // waitForIndexing: the route answered once Batch had applied every write, so no waiting here.
        List<BatchEmulator.Member> members = batch.members("vip-users");
        assertThat(members).extracting(BatchEmulator.Member::id).containsExactlyElementsOf(validIds());
        for (int i = 0; i < ROWS; i++) {
            assertThat(members.get(i).attributes()).as(members.get(i).id())
                    .isEqualTo(Map.of("tier", TIERS[i % TIERS.length]));
        }

        assertThat(output.getAll()).as("the capture saw the application start").contains("Started CrmExportApplicationTest");
        assertThat(output.getAll()).doesNotContainIgnoringCase("multiple SLF4J providers");
        // The same, however early SLF4J was first used in this JVM (before the capture started, its
        // warning would have been missed): exactly one provider on the class path.
        assertThat(ServiceLoader.load(SLF4JServiceProvider.class).stream()).hasSize(1);
        assertNoKeyIn(output);
    }

    @Test
    void theProducersHealthCheckIsUpInActuator(CapturedOutput output) throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        JsonNode camel = health.path("components").path("camelHealth");
        assertThat(camel.path("details").path(PRODUCER_CHECK).asText()).isEqualTo("UP");
        assertThat(camel.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertNoKeyIn(output);
    }

    @Test
    void theProducersHealthCheckGoesDownWhenBatchCannotBeReached(CapturedOutput output) throws Exception {
        // The check asks the API each time Actuator calls it (for camelHealth and for the
        // readiness state): the next requests are dropped unanswered.
        batch.emulator().injectFault(BatchEmulator.Fault.DROP_BEFORE_APPLY, 10);

        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode camel = JSON.readTree(response.body()).path("components").path("camelHealth");
        assertThat(camel.path("details").path(PRODUCER_CHECK).asText()).isEqualTo("DOWN");
        // Camel logs the failed probe at WARN, with the API's answer and without the keys.
        assertThat(output.getAll()).contains(PRODUCER_CHECK + "' failed");
        assertNoKeyIn(output);
    }

    @Test
    void actuatorsOtherEndpointsAreNotOnTheWeb() throws Exception {
        // Only health is exposed over HTTP (Spring Boot's default, kept): env and configprops,
        // which list the keys' properties, are not there at all.
        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/configprops").statusCode()).isEqualTo(404);
    }

    private static void assertNoKeyIn(CapturedOutput output) {
        assertThat(output.getAll()).doesNotContain(batch.apiKey()).doesNotContain(batch.restApiKey());
    }

    /** A CRM export of ROWS install IDs with a tier attribute, and one ID too long for Batch. */
    private BatchAudienceResult sendCrmExport() {
        StringBuilder csv = new StringBuilder("id,tier\n");
        List<String> ids = validIds();
        for (int i = 0; i < ids.size(); i++) {
            csv.append(ids.get(i)).append(',').append(TIERS[i % TIERS.length]).append('\n');
        }
        csv.append(TOO_LONG_ID).append(",gold\n");
        return template.requestBody("direct:crm-export", csv.toString(), BatchAudienceResult.class);
    }

    private static List<String> validIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            ids.add(String.format("install-%04d", i));
        }
        return ids;
    }

    /**
     * A plain JDK client: it does not retry. (TestRestTemplate here runs on Apache HttpClient 5,
     * which repeats a 503 once, a second later, and would show the health after the fault.)
     */
    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
