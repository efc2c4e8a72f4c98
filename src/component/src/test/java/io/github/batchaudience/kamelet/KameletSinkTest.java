package io.github.batchaudience.kamelet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.testing.LogCapture;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's Kamelet, loaded from the classpath by Camel Main the way a user's route would
 * use it: its parameters from properties (the keys) and from the route (the audience), the body
 * written to the audience, and neither key anywhere in the logs.
 */
class KameletSinkTest {
    private static final String API_KEY = "kamelet-app-key-41c7";
    private static final String REST_KEY = "kamelet-rest-key-9e02";

    @TempDir
    Path tmp;

    @Test
    void aRouteSendingToTheKameletWritesTheAudience() throws Exception {
        Path route = tmp.resolve("crm.yaml");
        Files.writeString(route, String.join("\n",
                "- route:",
                "    from:",
                "      uri: direct:crm",
                "      steps:",
                "        - to:",
                "            uri: kamelet:batch-audience-sink",
                "            parameters:",
                "              audience: kamelet-vip",
                "              idType: install_ids",
                "              autoCreate: true",
                "              waitForIndexing: true",
                ""));
        try (BatchEmulator emulator = BatchEmulator.builder().port(0).apiKeys(API_KEY).restApiKey(REST_KEY)
                .indexingDelayMs(10).build().start();
             LogCapture logs = LogCapture.start("io.github.batchaudience", "org.apache.camel")) {
            Main main = new Main();
            main.configure().withRoutesIncludePattern("file:" + route);
            main.addOverrideProperty("camel.kamelet.batch-audience-sink.apiKey", API_KEY);
            main.addOverrideProperty("camel.kamelet.batch-audience-sink.restApiKey", REST_KEY);
            main.addOverrideProperty("camel.kamelet.batch-audience-sink.baseUrl", emulator.baseUrl());
            main.start();
            try {
                ProducerTemplate template = main.getCamelContext().createProducerTemplate();
                BatchAudienceResult result = template.requestBody("direct:crm", "id,tier\ni-1,gold\ni-2,silver\ni-1,gold\n",
                                                                  BatchAudienceResult.class);
                assertThat(result.getIdsSent()).isEqualTo(2);
                assertThat(result.getIndexingState()).isEqualTo("APPLIED");
                List<String> members = emulator.members("kamelet-vip").stream().map(BatchEmulator.Member::id)
                        .collect(Collectors.toList());
                assertThat(members).containsExactlyInAnyOrder("i-1", "i-2");
                assertThat(emulator.members("kamelet-vip").get(0).attributes()).containsKey("tier");
            } finally {
                main.stop();
            }
            assertThat(logs.text()).contains("batch-audience-sink").doesNotContain(API_KEY).doesNotContain(REST_KEY);
        }
    }

    @Test
    void everyPropertyIsDescribedAndTheKeysAreCredentials() throws Exception {
        // Read with the YAML parser Camel's YAML DSL uses, then looked at as JSON.
        Object yaml = new Load(LoadSettings.builder().build())
                .loadFromInputStream(getClass().getResourceAsStream("/kamelets/batch-audience-sink.kamelet.yaml"));
        JsonNode kamelet = new ObjectMapper().valueToTree(yaml);
        assertThat(kamelet.at("/metadata/name").asText()).endsWith("-sink");
        assertThat(kamelet.at("/metadata/labels").get("camel.apache.org/kamelet.type").asText()).isEqualTo("sink");
        assertThat(kamelet.at("/spec/template/from/uri").asText()).isEqualTo("kamelet:source");
        assertThat(kamelet.at("/spec/dependencies").toString()).doesNotContain("${");
        assertThat(kamelet.at("/spec/definition/properties").size()).isGreaterThan(5);
        kamelet.at("/spec/definition/properties").fields().forEachRemaining(p -> {
            assertThat(p.getValue().path("title").asText()).as(p.getKey()).isNotBlank();
            assertThat(p.getValue().path("description").asText()).as(p.getKey()).isNotBlank();
            assertThat(p.getValue().path("type").asText()).as(p.getKey()).isNotBlank();
        });
        for (String secret : List.of("apiKey", "restApiKey")) {
            assertThat(kamelet.at("/spec/definition/properties/" + secret + "/format").asText()).isEqualTo("password");
            assertThat(kamelet.at("/spec/definition/properties/" + secret + "/x-descriptors").toString())
                    .contains("urn:camel:group:credentials");
        }
    }
}
