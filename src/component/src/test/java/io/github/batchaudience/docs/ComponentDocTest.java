package io.github.batchaudience.docs;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The option and header tables of the component's adoc are rendered from the component JSON
 * that camel-component-maven-plugin generates, never typed by hand. This test fails when the
 * adoc is stale; {@code mvn test -Dtest=ComponentDocTest -Dbatch.docs.update=true} rewrites it.
 */
class ComponentDocTest {
    private static final Path ADOC = Path.of("src/main/docs/batch-audience-component.adoc");
    private static final String JSON = "/META-INF/io/github/batchaudience/batch-audience.json";

    @Test
    void optionAndHeaderTablesMatchTheGeneratedMetadata() throws Exception {
        JsonNode model;
        try (InputStream in = ComponentDocTest.class.getResourceAsStream(JSON)) {
            assertThat(in).as("generated component JSON " + JSON).isNotNull();
            model = new ObjectMapper().readTree(in);
        }
        String current = Files.readString(ADOC);
        String rendered = current;
        rendered = replaceSection(rendered, "component options",
                                  "The component supports " + model.get("componentProperties").size() + " options.\n\n"
                                  + table(model.get("componentProperties"), false));
        rendered = replaceSection(rendered, "endpoint options",
                                  "The endpoint is configured with URI syntax `" + model.get("component").get("syntax")
                                          .asText() + "` and these path and query options.\n\n"
                                  + table(model.get("properties"), false));
        rendered = replaceSection(rendered, "component headers",
                                  "The component supports " + model.get("headers").size() + " message headers.\n\n"
                                  + table(model.get("headers"), true));
        if (Boolean.getBoolean("batch.docs.update")) {
            Files.writeString(ADOC, rendered);
            return;
        }
        assertThat(current).as("the adoc's generated tables are stale: run mvn test -Dtest=ComponentDocTest"
                               + " -Dbatch.docs.update=true").isEqualTo(rendered);
        for (Iterator<String> names = model.get("properties").fieldNames(); names.hasNext();) {
            assertThat(current).contains("*" + names.next() + "*");
        }
    }

    private static String replaceSection(String doc, String section, String body) {
        String start = "// " + section + ": START\n";
        String end = "// " + section + ": END";
        int a = doc.indexOf(start);
        int b = doc.indexOf(end);
        assertThat(a).as("marker " + start.trim()).isNotNegative();
        assertThat(b).as("marker " + end).isGreaterThan(a);
        return doc.substring(0, a + start.length()) + body + doc.substring(b);
    }

    private static String table(JsonNode properties, boolean headers) {
        StringBuilder sb = new StringBuilder();
        sb.append(headers ? "[width=\"100%\",cols=\"2,5,2\",options=\"header\"]\n|===\n| Name | Description | Type\n"
                          : "[width=\"100%\",cols=\"2,5,1,1,1\",options=\"header\"]\n|===\n"
                            + "| Name | Description | Default | Type | Group\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = e.getValue();
            String name = e.getKey();
            String description = text(p, "description").replace("|", "\\|");
            if (p.path("required").asBoolean()) {
                description += " *Required*";
            }
            if (p.path("secret").asBoolean()) {
                description += " *Secret*: never shown in logs or URIs.";
            }
            if (p.has("enum")) {
                StringBuilder values = new StringBuilder();
                p.get("enum").forEach(v -> values.append(values.length() == 0 ? "" : ", ").append(v.asText()));
                description += " One of: " + values + ".";
            }
            sb.append("| *").append(name).append("* | ").append(description);
            if (!headers) {
                sb.append(" | ").append(text(p, "defaultValue"));
            }
            sb.append(" | `").append(text(p, "javaType").replace("|", "\\|")).append('`');
            if (!headers) {
                sb.append(" | ").append(text(p, "group"));
            }
            sb.append('\n');
        }
        sb.append("|===\n");
        return sb.toString();
    }

    private static String text(JsonNode p, String field) {
        JsonNode v = p.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
