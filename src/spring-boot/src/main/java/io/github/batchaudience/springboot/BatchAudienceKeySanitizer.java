package io.github.batchaudience.springboot;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the component's keys in Actuator's env and configprops endpoints, also when an
 * application shows their values ({@code management.endpoint.*.show-values=always} or
 * {@code when-authorized}): Spring Boot 3 then masks nothing by itself.
 *
 * <p>By name, under any spelling Spring would bind (rest-api-key, restApiKey,
 * CAMEL_COMPONENT_BATCHAUDIENCE_RESTAPIKEY), and by value, because a key usually reaches the
 * option through a placeholder such as {@code ${BATCH_REST_API_KEY}}, and the env endpoint lists
 * that variable under its own name too.
 */
final class BatchAudienceKeySanitizer implements SanitizingFunction {
    private static final String PREFIX = "camel.component.batch-audience.";
    private static final Set<String> SECRET_NAMES = Stream.of("api-key", "rest-api-key")
            .map(option -> normalize(PREFIX + option))
            .collect(Collectors.toUnmodifiableSet());

    private final BatchAudienceComponentConfiguration configuration;

    BatchAudienceKeySanitizer(BatchAudienceComponentConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (SECRET_NAMES.contains(normalize(data.getKey())) || isSecretValue(data.getValue())) {
            return data.withSanitizedValue();
        }
        return data;
    }

    private boolean isSecretValue(Object value) {
        if (!(value instanceof String text) || text.isEmpty()) {
            return false;
        }
        return Objects.equals(text, configuration.getApiKey()) || Objects.equals(text, configuration.getRestApiKey());
    }

    /** The form in which Spring's relaxed binding sees names as equal: lower case, letters and digits. */
    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
