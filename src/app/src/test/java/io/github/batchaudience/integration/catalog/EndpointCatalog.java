package io.github.batchaudience.integration.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.batchaudience.BatchAudienceComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.catalog.CamelCatalog;
import org.apache.camel.catalog.ConfigurationPropertiesValidationResult;
import org.apache.camel.catalog.DefaultCamelCatalog;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.suggest.CatalogSuggestionStrategy;
import org.apache.camel.util.StringHelper;

/**
 * What camel-report-maven-plugin's validate goal checks, for URIs and settings it cannot read
 * itself: Camel's catalog (the plugin's {@link DefaultCamelCatalog}, its "did you mean"
 * suggestions), which also knows batch-audience from the component's own generated metadata.
 * Property placeholders are resolved against the integration's configuration first, as Camel
 * would at start: a placeholder is never an error itself, but what it stands for is checked.
 */
final class EndpointCatalog {

    private static final String COMPONENT_JSON = "META-INF/io/github/batchaudience/batch-audience.json";
    private static final String COMPONENT_PREFIX = "camel.component.";
    private static final Pattern BUILT_IN_SCHEDULER = Pattern.compile("(?<=[?&])scheduler=(quartz|spring)(&|$)");

    private final CamelCatalog catalog = new DefaultCamelCatalog(true);
    private final CamelContext camel;
    private final Properties configuration;

    /**
     * @param camel         resolves the placeholders (its properties component reads the configuration)
     * @param configuration the integration's settings: an endpoint option its component is
     *                      given there ({@code camel.component.NAME.OPTION}) is there for every endpoint
     */
    EndpointCatalog(CamelContext camel, Properties configuration) throws IOException {
        this.camel = camel;
        this.configuration = configuration;
        catalog.setSuggestionStrategy(new CatalogSuggestionStrategy());
        try (InputStream json = BatchAudienceComponent.class.getClassLoader().getResourceAsStream(COMPONENT_JSON)) {
            if (json == null) {
                throw new IllegalStateException(COMPONENT_JSON + " is not on the class path");
            }
            catalog.addComponent("batch-audience", BatchAudienceComponent.class.getName(),
                    new String(json.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Why the endpoint URI is wrong, as the catalog words it; empty when it is right. */
    Optional<String> endpointProblem(String uri) {
        String resolved;
        try {
            resolved = camel.resolvePropertyPlaceholders(uri);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        // The consumers' scheduler option also takes the names of Camel's cron schedulers, where
        // the catalog only knows it as a bean reference.
        String checked = BUILT_IN_SCHEDULER.matcher(resolved).replaceAll("");
        EndpointValidationResult result = catalog.validateEndpointProperties(checked, true);
        if (result.getRequired() != null && result.getUnknownComponent() == null) {
            Set<String> fromComponent = result.getRequired().stream().filter(option -> setOnComponent(checked, option))
                    .collect(Collectors.toSet());
            if (!fromComponent.isEmpty()) {
                // The component hands them to every endpoint: checked with them, as a placeholder.
                result = catalog.validateEndpointProperties(withOptions(checked, fromComponent), true);
            }
        }
        return result.isSuccess() ? Optional.empty() : Optional.of(result.summaryErrorMessage(false, true, true));
    }

    /** Why the setting is wrong, when Camel's catalog knows its key ({@code camel.*}); empty otherwise. */
    Optional<String> settingProblem(String key, String value) {
        ConfigurationPropertiesValidationResult result = catalog.validateConfigurationProperty(key + "=" + value);
        if (!result.isAccepted() || result.isSuccess()) {
            return Optional.empty();
        }
        return Optional.of(result.summaryErrorMessage(false, true, true));
    }

    private boolean setOnComponent(String uri, String option) {
        String scheme = StringHelper.before(uri, ":");
        return configuration.stringPropertyNames().stream()
                .filter(key -> key.startsWith(COMPONENT_PREFIX + scheme + "."))
                .map(key -> StringHelper.dashToCamelCase(key.substring(COMPONENT_PREFIX.length() + scheme.length() + 1)))
                .anyMatch(option::equals);
    }

    private static String withOptions(String uri, Set<String> options) {
        String scheme = StringHelper.before(uri, ":");
        StringBuilder completed = new StringBuilder(uri);
        for (String option : options) {
            completed.append(completed.indexOf("?") < 0 ? '?' : '&').append(option).append("={{")
                    .append(COMPONENT_PREFIX).append(scheme).append('.').append(StringHelper.camelCaseToDash(option)).append("}}");
        }
        return completed.toString();
    }
}
