package io.github.batchaudience.springboot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Actuator's env and configprops endpoints show of the keys once an application asks them to
 * show values: Spring Boot 3 masks nothing then, the starter's sanitizer masks the keys.
 */
class BatchAudienceKeySanitizerTest {
    private static final String WITNESS = "http://127.0.0.1:7";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, BatchAudienceComponentAutoConfiguration.class,
                    EndpointAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class,
                    ConfigurationPropertiesReportEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=env,configprops",
                    "management.endpoint.env.show-values=always",
                    "management.endpoint.configprops.show-values=always",
                    "camel.component.batch-audience.base-url=" + WITNESS);

    @Test
    void everySecretOptionOfTheComponentIsMaskedByNameAndByValue() {
        List<String> properties = new ArrayList<>();
        Map<String, String> environment = new HashMap<>();
        List<String> secrets = new ArrayList<>();
        ComponentJson.componentProperties().forEach((option, json) -> {
            if (json.path("secret").asBoolean()) {
                String variable = "TEST_" + ComponentJson.kebab(option).replace('-', '_').toUpperCase(Locale.ROOT);
                String secret = "s3cret-of-" + option;
                environment.put(variable, secret);
                // As an application writes it: the key comes from a variable named its own way.
                properties.add("camel.component.batch-audience." + ComponentJson.kebab(option) + "=${" + variable + "}");
                secrets.add(secret);
            }
        });
        assertThat(secrets).as("secret options in the component JSON").hasSizeGreaterThanOrEqualTo(2);

        runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", Map.copyOf(environment))))
                .withPropertyValues(properties.toArray(String[]::new))
                .run(context -> {
                    String shown = endpointsOutput(context);
                    assertThat(shown).as("values are shown at all").contains(WITNESS);
                    assertThat(secrets).allSatisfy(secret -> assertThat(shown).doesNotContain(secret));
                });
    }

    @Test
    void withoutTheSanitizerSpringBootShowsTheKeys() {
        // The claim the sanitizer rests on, and what makes the test above able to fail: the same
        // properties bound and the same endpoints, without the starter's auto-configuration.
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
                        EnvironmentEndpointAutoConfiguration.class, ConfigurationPropertiesReportEndpointAutoConfiguration.class))
                .withUserConfiguration(PropertiesOnly.class)
                .withPropertyValues("management.endpoints.web.exposure.include=env,configprops",
                        "management.endpoint.env.show-values=always",
                        "management.endpoint.configprops.show-values=always",
                        "camel.component.batch-audience.rest-api-key=rest-in-clear",
                        "camel.component.batch-audience.api-key=app-in-clear")
                .run(context -> assertThat(endpointsOutput(context)).contains(
                        "\"restApiKey\":\"rest-in-clear\"", "\"apiKey\":\"app-in-clear\""));
    }

    @Test
    void byDefaultSpringBootShowsNoValueAtAll() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, BatchAudienceComponentAutoConfiguration.class,
                        EndpointAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class,
                        ConfigurationPropertiesReportEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=env,configprops",
                        "camel.component.batch-audience.rest-api-key=rest-in-clear",
                        "camel.component.batch-audience.base-url=" + WITNESS)
                .run(context -> assertThat(endpointsOutput(context)).doesNotContain("rest-in-clear", WITNESS));
    }

    @EnableConfigurationProperties(BatchAudienceComponentConfiguration.class)
    static class PropertiesOnly {
    }

    /** The two endpoints' answers as JSON, as Actuator would send them. */
    private static String endpointsOutput(AssertableApplicationContext context) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null))
               + json.writeValueAsString(context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
    }
}
