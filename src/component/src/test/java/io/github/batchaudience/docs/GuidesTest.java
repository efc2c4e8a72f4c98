package io.github.batchaudience.docs;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.BatchAudienceComponent;
import io.github.batchaudience.BatchAudienceException;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.model.IdType;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.batchaudience.dsl.builders.StaticEndpointBuilders.batchAudience;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of {@code docs/guides}: each block marked {@code <!-- example: NAME -->} is run
 * (YAML and properties straight from the guide; Java from this file, after checking that the
 * guide shows exactly this code), against the emulator.
 */
class GuidesTest {
    private static final Path GUIDES = Path.of("../../docs/guides");
    private static final Path THIS_SOURCE = Path.of("src/test/java/io/github/batchaudience/docs/GuidesTest.java");
    private static final String API_KEY = "guide-app-key-5c5c";
    private static final String REST_KEY = "guide-rest-key-6d6d";
    private static final String SECOND_APP_KEY = "guide-android-key-7e7e";
    private static final String PROJECT_KEY = "project_guide8f8f";

    @TempDir
    Path tmp;

    private BatchEmulator emulator;

    @BeforeEach
    void startEmulator() throws Exception {
        emulator = BatchEmulator.builder().port(0).apiKeys(API_KEY, SECOND_APP_KEY).projectKeys(PROJECT_KEY)
                .restApiKey(REST_KEY).indexingDelayMs(10).build().start();
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void javaDslWithUris() throws Exception {
        assertGuideShows("java-dsl.md", "java-uri");
        runJava(new RouteBuilder() {
            @Override
            public void configure() {
                // example: java-uri
                // A CSV export dropped in a folder: its rows update the audience, duplicates resolved, invalid
                // rows rejected with their line and reason; the result becomes the body.
                from("file:exports?include=.*\\.csv&move=done")
                    .to("batch-audience:update/vip-users?idType=install_ids&autoCreate=true&waitForIndexing=true")
                    .log("${body}");

                // The whole segment every night: only the difference is sent.
                from("file:nightly?include=.*\\.csv&move=done")
                    .to("batch-audience:sync/churn-risk?idType=install_ids&autoCreate=true&maxRemovalPercent=20");
                // end
            }
        }, camel -> {
            BatchAudienceResult result = camel.createProducerTemplate().requestBody("direct:route-0", "id\ni-1\ni-2\ni-1\n",
                                                                                  BatchAudienceResult.class);
            assertThat(result.getIndexingState()).isEqualTo("APPLIED");
            camel.createProducerTemplate().requestBody("direct:route-1", "id\nc-1\n");
            assertThat(members("vip-users")).containsExactlyInAnyOrder("i-1", "i-2");
            assertThat(members("churn-risk")).containsExactly("c-1");
        });
    }

    @Test
    void javaEndpointDsl() throws Exception {
        assertGuideShows("java-dsl.md", "java-endpoint-dsl");
        runJava(new RouteBuilder() {
            @Override
            public void configure() {
                // The guide's onException, compiled here.
                onException(BatchAudienceException.class)
                    .onWhen(exchange -> !exchange.getException(BatchAudienceException.class).isTransient())
                    .handled(true)
                    .to("mock:failed");
                // example: java-endpoint-dsl
                from("direct:crm-events")
                    .to(batchAudience("update/crm-customers").idType(IdType.custom_ids).autoCreate(true).batchSize(5000));
                // end
            }
        }, camel -> {
            camel.createProducerTemplate().requestBody("direct:crm-events",
                                                       List.of(Map.of("id", "crm-1"), Map.of("id", "crm-2")));
            Awaitility.await().until(() -> members("crm-customers").size() == 2);
        });
    }

    @Test
    void yamlDsl() throws Exception {
        Path route = Files.writeString(tmp.resolve("crm-export.yaml"), example("yaml-dsl.md", "yaml-route"));
        Path properties = Files.writeString(tmp.resolve("application.properties"), example("yaml-dsl.md", "yaml-properties"));
        Main main = main(route);
        main.setPropertyPlaceholderLocations("file:" + properties);
        main.addOverrideProperty("camel.component.batch-audience.api-key", API_KEY);
        main.addOverrideProperty("camel.component.batch-audience.rest-api-key", REST_KEY);
        main.addOverrideProperty("camel.component.batch-audience.base-url", emulator.baseUrl());
        runMain(main, camel -> {
            AdviceWith.adviceWith(camel, "crm-export", a -> a.replaceFromWith("direct:crm-export"));
            BatchAudienceResult result = camel.createProducerTemplate().requestBody("direct:crm-export",
                                                                                  "id,tier\ni-1,gold\n", BatchAudienceResult.class);
            assertThat(result.getIdsSent()).isEqualTo(1);
            assertThat(members("vip-users")).containsExactly("i-1");
        });
    }

    @Test
    void kameletBinding() throws Exception {
        Path route = Files.writeString(tmp.resolve("route.yaml"), example("kamelet.md", "kamelet-route"));
        Path pipe = Files.writeString(tmp.resolve("pipe.yaml"), example("kamelet.md", "kamelet-pipe"));
        Main main = main(route, pipe);
        main.addOverrideProperty("camel.kamelet.batch-audience-sink.apiKey", API_KEY);
        main.addOverrideProperty("camel.kamelet.batch-audience-sink.restApiKey", REST_KEY);
        main.addOverrideProperty("camel.kamelet.batch-audience-sink.baseUrl", emulator.baseUrl());
        runMain(main, camel -> {
            camel.createProducerTemplate().requestBody("direct:crm", "id\nk-1\n");
            camel.createProducerTemplate().requestBody("direct:crm-pipe", "id\nw-1\nw-2\n");
            Awaitility.await().until(() -> members("vip-users").size() == 1
                                                          && members("winback").size() == 2);
        });
    }

    /** The YAML guide's properties are the component's options (the routes of that guide run on them). */
    @Test
    void yamlProperties() throws Exception {
        JsonNode options;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/github/batchaudience/batch-audience.json")) {
            options = new ObjectMapper().readTree(in).get("componentProperties");
        }
        Properties properties = new Properties();
        properties.load(new StringReader(example("yaml-dsl.md", "yaml-properties")));
        assertThat(properties).isNotEmpty();
        for (String key : properties.stringPropertyNames()) {
            assertThat(key).startsWith("camel.component.batch-audience.");
            String option = camelCase(key.substring("camel.component.batch-audience.".length()));
            assertThat(options.has(option)).as("yaml-dsl.md: " + key + " is an option of the component").isTrue();
        }
    }

    /**
     * The Camel Main guide's keys for a project and for two apps, from its properties blocks (the
     * environment's values given here), on Camel Main: the same route writes a project's audience,
     * then one audience in both apps.
     */
    @Test
    void aProjectOrSeveralAppsFromProperties() throws Exception {
        Map<String, String> environment = Map.of(
                "BATCH_PROJECT_KEY", PROJECT_KEY, "BATCH_REST_API_KEY", REST_KEY,
                "BATCH_IOS_API_KEY", API_KEY, "BATCH_ANDROID_API_KEY", SECOND_APP_KEY);
        for (String block : List.of("keys-project", "keys-apps")) {
            String text = example("camel-main.md", block);
            for (Map.Entry<String, String> variable : environment.entrySet()) {
                text = text.replace("{{env:" + variable.getKey() + "}}", variable.getValue());
            }
            Path properties = Files.writeString(tmp.resolve(block + ".properties"), text);
            Main main = new Main();
            main.setPropertyPlaceholderLocations("file:" + properties);
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:crm").to("batch-audience:update/vip-users?autoCreate=true&idType=custom_ids"
                                          + "&waitForIndexing=true");
                }
            });
            main.addOverrideProperty("camel.component.batch-audience.base-url", emulator.baseUrl());
            runMain(main, camel -> camel.createProducerTemplate().requestBody("direct:crm", "id\nu-" + block + "\n"));
        }
        assertThat(emulator.projectMembers(PROJECT_KEY, "vip-users")).extracting(BatchEmulator.Member::id)
                .containsExactly("u-keys-project");
        assertThat(emulator.appMembers(API_KEY, "vip-users")).extracting(BatchEmulator.Member::id)
                .containsExactly("u-keys-apps");
        assertThat(emulator.appMembers(SECOND_APP_KEY, "vip-users")).extracting(BatchEmulator.Member::id)
                .containsExactly("u-keys-apps");
    }

    /** The Spring Boot guide's keys for a project and for two apps are options of the component. */
    @Test
    void springBootKeysAreOptions() throws Exception {
        JsonNode options;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/github/batchaudience/batch-audience.json")) {
            options = new ObjectMapper().readTree(in).get("componentProperties");
        }
        String block = example("spring-boot.md", "spring-keys").replaceAll("(?m)^# ?", "");
        Properties properties = new Properties();
        properties.load(new StringReader(block.replaceAll("(?m)^(A project|Or two apps):$", "")));
        assertThat(properties.stringPropertyNames()).contains("camel.component.batch-audience.project-key",
                                                              "camel.component.batch-audience.api-key");
        for (String key : properties.stringPropertyNames()) {
            String option = camelCase(key.substring("camel.component.batch-audience.".length()));
            assertThat(options.has(option)).as("spring-boot.md: " + key + " is an option of the component").isTrue();
        }
    }

    /**
     * A guide that shows a file of an example application ({@code <!-- file: PATH -->} before a
     * fenced block, PATH from the project root) shows it exactly: the Spring Boot, Quarkus and
     * Camel Main guides show what those applications' tests run.
     */
    @Test
    void guidesShowTheExampleApplicationsFilesAsTheyAre() throws Exception {
        Pattern block = Pattern.compile("<!-- file: (\\S+) -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
        int shown = 0;
        try (DirectoryStream<Path> guides = Files.newDirectoryStream(GUIDES, "*.md")) {
            for (Path guide : guides) {
                Matcher m = block.matcher(Files.readString(guide));
                while (m.find()) {
                    Path file = GUIDES.resolve("../..").resolve(m.group(1)).normalize();
                    assertThat(file).as(guide.getFileName() + " shows " + m.group(1)).exists();
                    assertThat(m.group(2).strip()).as(guide.getFileName() + " shows " + m.group(1) + " as it is")
                            .isEqualTo(Files.readString(file).strip());
                    shown++;
                }
            }
        }
        assertThat(shown).as("files shown by the guides").isGreaterThanOrEqualTo(6);
    }

    private void runJava(RouteBuilder routes, CamelConsumer check) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            configure(camel.getComponent("batch-audience", BatchAudienceComponent.class));
            camel.addRoutes(routes);
            // The guide's file consumers become direct endpoints: the test must not poll folders of the project.
            List<RouteDefinition> definitions = List.copyOf(((ModelCamelContext) camel).getRouteDefinitions());
            for (int i = 0; i < definitions.size(); i++) {
                if (definitions.get(i).getInput().getEndpointUri().startsWith("file:")) {
                    String direct = "direct:route-" + i;
                    AdviceWith.adviceWith(camel, definitions.get(i), a -> a.replaceFromWith(direct));
                }
            }
            camel.start();
            check.accept(camel);
        }
    }

    private void configure(BatchAudienceComponent component) {
        component.getConfiguration().setApiKey(API_KEY);
        component.getConfiguration().setRestApiKey(REST_KEY);
        component.getConfiguration().setBaseUrl(emulator.baseUrl());
        component.getConfiguration().setStateDirectory(tmp.resolve("state").toString());
    }

    private Main main(Path... routes) {
        Main main = new Main();
        main.configure().withRoutesIncludePattern(
                Arrays.stream(routes).map(p -> "file:" + p).collect(Collectors.joining(",")));
        main.addOverrideProperty("camel.component.batch-audience.state-directory", tmp.resolve("state").toString());
        return main;
    }

    private static void runMain(Main main, CamelConsumer check) throws Exception {
        main.start();
        try {
            check.accept(main.getCamelContext());
        } finally {
            main.stop();
        }
    }

    private List<String> members(String audience) {
        return emulator.members(audience).stream().map(BatchEmulator.Member::id).collect(Collectors.toList());
    }

    /** The fenced block after {@code <!-- example: NAME} in a guide. */
    static String example(String guide, String name) throws Exception {
        String text = Files.readString(GUIDES.resolve(guide));
        Matcher m = Pattern.compile("<!-- example: " + Pattern.quote(name) + "\\b[^\\n]*\\n```[a-z]*\\n(.*?)```",
                                    Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("example " + name + " in " + guide).isTrue();
        return m.group(1);
    }

    /** The guide shows exactly the code this test runs (between {@code // example: NAME} and {@code // end}). */
    private static void assertGuideShows(String guide, String name) throws Exception {
        String source = Files.readString(THIS_SOURCE);
        Matcher m = Pattern.compile("// example: " + Pattern.quote(name) + "\\n(.*?)\\n\\s*// end", Pattern.DOTALL)
                .matcher(source);
        assertThat(m.find()).isTrue();
        String tested = m.group(1).stripIndent().strip();
        String shown = example(guide, name).strip();
        if (shown.startsWith("import ")) {
            shown = shown.substring(shown.indexOf("\n\n") + 2);
        }
        assertThat(shown).as(guide + " shows the tested code of " + name).isEqualTo(tested);
    }

    private static String camelCase(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    @FunctionalInterface
    interface CamelConsumer {
        void accept(CamelContext camel) throws Exception;
    }
}
