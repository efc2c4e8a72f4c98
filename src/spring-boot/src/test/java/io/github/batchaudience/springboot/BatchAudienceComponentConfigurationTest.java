package io.github.batchaudience.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties class is a second list of the component's options, kept by hand: this checks it
 * against the component's JSON, through the metadata the configuration processor wrote from it,
 * which is what IDEs complete and document.
 */
class BatchAudienceComponentConfigurationTest {
    private static final String PREFIX = "camel.component.batch-audience.";
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    /**
     * Options of the component JSON that have no property, and why.
     *
     * <p>{@code configuration} is the nested BatchAudienceConfiguration object that holds every
     * other option but the five generic ones; each of those is a property of its own. Spring could
     * only set the object from a bean reference, and the customizer copies properties in no set
     * order, so a whole configuration applied after apiKey and the others would silently replace
     * them. An application that wants its own instance sets it on the component itself.
     */
    private static final Set<String> SKIPPED = Set.of("configuration");

    /**
     * Properties that are no option of the component: the hierarchical switches of every Camel
     * starter, read by the auto-configuration's conditions and never copied to the component.
     */
    private static final Set<String> STARTER_ONLY = Set.of("enabled", "customizer.enabled");

    /** How Spring's metadata names the type a property binds to, by the JSON's type and javaType. */
    private static final Map<String, String> SPRING_TYPES = Map.of(
            "string/java.lang.String", "java.lang.String",
            "boolean/boolean", "java.lang.Boolean",
            "integer/int", "java.lang.Integer",
            "integer/long", "java.lang.Long",
            "number/double", "java.lang.Double",
            "duration/long", "java.time.Duration",
            // A bean: given as #bean:NAME, which camel-spring-boot converts to the registry's bean.
            "object/io.github.batchaudience.SnapshotRepository", "io.github.batchaudience.SnapshotRepository",
            "object/io.github.batchaudience.SharedLimits", "io.github.batchaudience.SharedLimits");

    private static Map<String, JsonNode> options;
    private static Map<String, JsonNode> metadata;

    @BeforeAll
    static void load() throws IOException {
        options = ComponentJson.componentProperties();
        metadata = starterMetadata();
    }

    @Test
    void theComponentJsonIsTheOneWithTheComponentsOptions() {
        // Guards the test itself: an empty or foreign JSON would make every check below pass.
        assertThat(options).containsKeys("apiKey", "restApiKey", "baseUrl", "configuration", "lazyStartProducer");
    }

    @Test
    void everyOptionOfTheComponentHasAProperty() {
        List<String> missing = new ArrayList<>();
        for (String option : options.keySet()) {
            if (!SKIPPED.contains(option) && !metadata.containsKey(ComponentJson.kebab(option))) {
                missing.add(PREFIX + ComponentJson.kebab(option));
            }
        }
        assertThat(missing).as("options of the component JSON with no property in BatchAudienceComponentConfiguration")
                .isEmpty();
    }

    @Test
    void everyPropertyIsAnOptionOfTheComponent() {
        // The customizer ignores a property the component does not know, so a misspelt or
        // removed option would bind and then do nothing.
        Set<String> known = new TreeSet<>(STARTER_ONLY);
        options.keySet().forEach(option -> known.add(ComponentJson.kebab(option)));
        assertThat(metadata.keySet()).allSatisfy(property -> assertThat(known).as("options").contains(property));
    }

    @Test
    void everyPropertyIsDocumented() {
        assertThat(metadata).allSatisfy((property, entry) -> assertThat(entry.path("description").asText())
                .as("description of %s%s", PREFIX, property).isNotBlank());
    }

    @Test
    void typesAgree() {
        options.forEach((option, json) -> {
            if (SKIPPED.contains(option) || !metadata.containsKey(ComponentJson.kebab(option))) {
                return; // a missing property is everyOptionOfTheComponentHasAProperty's failure
            }
            String type = json.get("type").asText();
            String springType = metadata.get(ComponentJson.kebab(option)).get("type").asText();
            if (type.equals("enum")) {
                assertThat(springType).as("type of %s", option).isEqualTo(json.get("javaType").asText());
                assertThat(enumConstants(springType)).as("values of %s", option)
                        .containsExactlyElementsOf(texts(json.get("enum")));
            } else {
                assertThat(springType).as("type of %s (%s, %s)", option, type, json.get("javaType").asText())
                        .isEqualTo(SPRING_TYPES.get(type + "/" + json.get("javaType").asText()));
            }
        });
    }

    @Test
    void defaultsAgree() {
        options.forEach((option, json) -> {
            if (SKIPPED.contains(option) || !metadata.containsKey(ComponentJson.kebab(option))) {
                return; // a missing property is everyOptionOfTheComponentHasAProperty's failure
            }
            JsonNode expected = json.get("defaultValue");
            JsonNode actual = metadata.get(ComponentJson.kebab(option)).get("defaultValue");
            if (expected == null) {
                assertThat(actual).as("default of %s, which the component has none of", option).isNull();
                return;
            }
            assertThat(actual).as("default of %s", option).isNotNull();
            switch (json.get("type").asText()) {
                case "duration" -> assertThat(DurationStyle.detectAndParse(actual.asText())).as("default of %s", option)
                        .isEqualTo(Duration.ofMillis(expected.asLong()));
                case "integer", "number" -> assertThat(new BigDecimal(actual.asText())).as("default of %s", option)
                        .isEqualByComparingTo(new BigDecimal(expected.asText()));
                default -> assertThat(actual.asText()).as("default of %s", option).isEqualTo(expected.asText());
            }
        });
    }

    /**
     * The starter's properties, by name without the prefix, from the one metadata file that has
     * them (others on the class path are Spring Boot's and Camel's).
     */
    private static Map<String, JsonNode> starterMetadata() throws IOException {
        Map<String, JsonNode> properties = new HashMap<>();
        List<URL> sources = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (URL url : Collections.list(BatchAudienceComponentConfigurationTest.class.getClassLoader().getResources(METADATA))) {
            boolean ours = false;
            try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.get("name").asText();
                    if (name.startsWith(PREFIX)) {
                        properties.put(name.substring(PREFIX.length()), property);
                        ours = true;
                    }
                }
            }
            if (ours) {
                sources.add(url);
            }
        }
        assertThat(sources).as("metadata files with %s* properties", PREFIX).hasSize(1);
        return properties;
    }

    private static List<String> enumConstants(String className) {
        try {
            return Arrays.stream(Class.forName(className).getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
        } catch (ClassNotFoundException e) {
            throw new AssertionError(className + " is not on the class path", e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }
}
