package io.github.batchaudience.integration.catalog;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.StringHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog check of the integration: every endpoint URI of routes/*.yaml and every camel.*
 * setting of config/application.properties is one Camel's catalog accepts, with batch-audience
 * known from the component's metadata. It is what camel-report-maven-plugin's validate goal does
 * for the example applications' Java routes; that goal reads no YAML. It finds what Camel itself
 * would only say at start, and for the routes a precondition leaves out (the JMS, Kafka and SFTP
 * sources, off by default) not even then.
 */
class RoutesCatalogTest {

    private static final Path CONFIGURATION = Path.of("config/application.properties");
    private static final Path FIXTURES = Path.of("src/app/src/test/resources/catalog");

    private DefaultCamelContext camel;
    private EndpointCatalog catalog;

    @BeforeEach
    void readConfiguration() throws IOException {
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setLocation("file:" + CONFIGURATION);
        catalog = new EndpointCatalog(camel, load(CONFIGURATION));
    }

    @AfterEach
    void close() throws IOException {
        camel.close();
    }

    @Test
    void everyEndpointOfTheRoutesIsOneTheCatalogAccepts() throws Exception {
        List<YamlEndpoints.Use> uses = endpoints(routeFiles());

        assertThat(uses).extracting(use -> StringHelper.before(use.uri().replaceFirst("^\\{\\{[^}]*}}", ""), ":"))
                .as("the check reaches every source and step of the routes")
                .contains("batch-audience", "file", "sftp", "jms", "kafka", "timer", "direct");
        assertThat(problems(uses)).as("endpoints Camel's catalog refuses").isEmpty();
    }

    @Test
    void everyCamelSettingOfTheConfigurationIsOneTheCatalogAccepts() throws IOException {
        assertThat(settingProblems(CONFIGURATION)).as("settings Camel's catalog refuses").isEmpty();
    }

    @Test
    void aMistypedOptionOrValueFailsWithTheFileTheLineAndWhatWasMeant() throws Exception {
        List<String> problems = problems(endpoints(List.of(FIXTURES.resolve("typos.yaml"))));

        // One endpoint of the three: the option given as a placeholder is not an error.
        assertThat(problems).singleElement().asString()
                .startsWith("src/app/src/test/resources/catalog/typos.yaml:13 batch-audience:update")
                .contains("waitForIndexin", "Unknown option. Did you mean: [waitForIndexing]")
                .contains("install_id", "Invalid enum value", "Did you mean: [install_ids]");
    }

    @Test
    void anOptionTheComponentIsNotGivenIsStillRequired() throws IOException {
        EndpointCatalog unconfigured = new EndpointCatalog(camel, new Properties());

        assertThat(unconfigured.endpointProblem("batch-audience:update")).get().asString()
                .contains("restApiKey", "Missing required option");
        assertThat(catalog.endpointProblem("batch-audience:update")).isEmpty();
    }

    @Test
    void aPlaceholderOfNoSettingIsAnError() {
        assertThat(catalog.endpointProblem("direct:{{batch.no-such-setting}}")).get().asString()
                .contains("batch.no-such-setting");
    }

    @Test
    void aMistypedSettingFailsWithItsLine() throws IOException {
        assertThat(settingProblems(FIXTURES.resolve("typos.properties"))).singleElement().asString()
                .startsWith("src/app/src/test/resources/catalog/typos.properties:3 camel.component.batch-audience.rest-api-kee")
                .contains("rest-api-kee", "Unknown option");
    }

    private List<YamlEndpoints.Use> endpoints(List<Path> files) throws Exception {
        YamlEndpoints reader = new YamlEndpoints(camel);
        List<YamlEndpoints.Use> uses = new ArrayList<>();
        for (Path file : files) {
            uses.addAll(reader.read(file));
        }
        return uses;
    }

    private List<String> problems(List<YamlEndpoints.Use> uses) {
        return uses.stream()
                .flatMap(use -> catalog.endpointProblem(use.uri()).map(problem -> use + "\n" + problem).stream())
                .toList();
    }

    private List<String> settingProblems(Path file) throws IOException {
        Properties settings = load(file);
        List<String> lines = Files.readAllLines(file);
        List<String> problems = new ArrayList<>();
        for (String key : settings.stringPropertyNames()) {
            catalog.settingProblem(key, settings.getProperty(key))
                    .ifPresent(problem -> problems.add(file + ":" + lineOf(lines, key) + " " + key + "\n" + problem));
        }
        return problems;
    }

    private static int lineOf(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*" + Pattern.quote(key) + "\\s*[=:].*")) {
                return i + 1;
            }
        }
        return 0;
    }

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
