package io.github.batchaudience.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The component's options as camel-component-maven-plugin described them in the JSON the
 * component jar carries: the list the starter's properties must follow.
 */
final class ComponentJson {
    static final String RESOURCE = "META-INF/io/github/batchaudience/batch-audience.json";

    private ComponentJson() {
    }

    /** componentProperties by option name (camelCase), in the JSON's order. */
    static Map<String, JsonNode> componentProperties() {
        try (InputStream in = ComponentJson.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path: is the component a dependency?");
            }
            Map<String, JsonNode> options = new LinkedHashMap<>();
            new ObjectMapper().readTree(in).get("componentProperties").fields()
                    .forEachRemaining(e -> options.put(e.getKey(), e.getValue()));
            return options;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name Spring Boot documents an option under: apiKey is api-key. */
    static String kebab(String option) {
        return option.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
