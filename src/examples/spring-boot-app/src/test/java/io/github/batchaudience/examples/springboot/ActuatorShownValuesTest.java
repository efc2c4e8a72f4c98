package io.github.batchaudience.examples.springboot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.batchaudience.emulator.BatchEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator who exposes env and configprops and shows their values (Spring Boot 3 then masks
 * nothing by itself) still does not see the keys: the starter's sanitizer masks them, under the
 * component's properties and under the variables they were read from.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=health,env,configprops",
        "management.endpoint.env.show-values=always",
        "management.endpoint.configprops.show-values=always"})
class ActuatorShownValuesTest {
    @RegisterExtension
    static BatchEmulatorExtension batch = BatchEmulatorExtension.create();

    @DynamicPropertySource
    static void batchEnvironment(DynamicPropertyRegistry registry) {
        registry.add("BATCH_BASE_URL", batch::baseUrl);
        registry.add("BATCH_API_KEY", batch::apiKey);
        registry.add("BATCH_REST_API_KEY", batch::restApiKey);
    }

    @LocalServerPort
    int port;

    @Test
    void configpropsShowsTheComponentsValuesButNotItsKeys() throws Exception {
        String body = get("/actuator/configprops/camel.component.batch-audience");

        assertThat(body).as("values are shown").contains(batch.baseUrl()).contains("\"restApiKey\":\"******\"");
        assertThat(body).doesNotContain(batch.apiKey()).doesNotContain(batch.restApiKey());
    }

    @Test
    void envShowsValuesButNeitherTheKeysPropertiesNorTheirVariables() throws Exception {
        String body = get("/actuator/env");

        assertThat(body).as("values are shown").contains(batch.baseUrl()).contains("BATCH_REST_API_KEY");
        assertThat(body).doesNotContain(batch.apiKey()).doesNotContain(batch.restApiKey());
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
