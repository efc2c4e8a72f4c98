package io.github.batchaudience.examples.quarkus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.emulator.BatchEmulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application in Quarkus (JVM mode), configured by its application.properties only, against
 * the emulator: the audience exact, Quarkus's logging in charge, no key printed.
 */
@QuarkusTest
@WithTestResource(BatchEmulatorResource.class)
class CrmRoutesTest {
    private static final String[] TIERS = {"gold", "silver", "bronze"};
    private static final int VALID_ROWS = 300;
    // The API takes IDs of at most 128 characters: the component must reject this row locally.
    private static final String TOO_LONG_ID = "install-" + "x".repeat(121);

    @Inject
    ProducerTemplate producer;

    // Set by BatchEmulatorResource.inject.
    BatchEmulator emulator;

    @Test
    void crmExportLandsInTheAudience() {
        Map<String, String> tierById = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("id,tier\n");
        for (int i = 1; i <= VALID_ROWS; i++) {
            String id = String.format("install-%04d", i);
            String tier = TIERS[i % TIERS.length];
            tierById.put(id, tier);
            csv.append(id).append(',').append(tier).append('\n');
            if (i == VALID_ROWS / 2) {
                csv.append(TOO_LONG_ID).append(",gold\n");
            }
        }

        BatchAudienceResult result = producer.requestBody("direct:crm-export", csv.toString(), BatchAudienceResult.class);

        assertEquals(VALID_ROWS + 1, result.getRowsRead());
        assertEquals(VALID_ROWS, result.getIdsSent());
        assertEquals(1, result.getRejected());
        assertEquals(TOO_LONG_ID, result.getRejectedRows().get(0).getId());
        // waitForIndexing: the members are there as soon as the route answers, no waiting here.
        Map<String, Map<String, Object>> members = emulator.members("vip-users").stream()
                .collect(Collectors.toMap(BatchEmulator.Member::id, BatchEmulator.Member::attributes));
        Map<String, Map<String, Object>> expected = tierById.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> Map.of("tier", e.getValue())));
        assertEquals(expected, members);
    }

    @Test
    void quarkusLoggingStaysInCharge() {
        // The component brings no SLF4J binding: the only one is Quarkus's, so Camel's and the
        // component's lines follow quarkus.log.* settings.
        List<String> providers = ServiceLoader.load(SLF4JServiceProvider.class).stream()
                .map(p -> p.type().getName()).collect(Collectors.toList());
        assertEquals(List.of("org.slf4j.impl.JBossSlf4jServiceProvider"), providers);
    }

    @Test
    void startupLogShowsNoKey() throws IOException {
        String log = Files.readString(Path.of("target/quarkus-test.log"));

        // This run's summary of the component's options (the port is new each run), masked.
        assertTrue(log.contains("camel.component.batch-audience.baseUrl = " + emulator.baseUrl()), log);
        assertTrue(log.contains("camel.component.batch-audience.restApiKey = xxxxxx"), log);
        assertFalse(log.contains(BatchEmulatorResource.API_KEY), "the API key is in the log");
        assertFalse(log.contains(BatchEmulatorResource.REST_API_KEY), "the REST API key is in the log");
    }
}
